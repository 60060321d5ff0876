<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CodeBlockView</name>
    <message>
        <location filename="../ui/markdown/code_view.py" line="236"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../ui/markdown/code_view.py" line="237"/>
        <source>Copy the code to the clipboard</source>
        <translation>将代码复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../ui/markdown/code_view.py" line="197"/>
        <location filename="../ui/markdown/code_view.py" line="241"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../ui/markdown/code_view.py" line="244"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/markdown/code_view.py" line="248"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
</TS>
