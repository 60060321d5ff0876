<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatHeader</name>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The model that answers; you can also type a name</source>
        <translation>用于回答的模型；也可以直接输入模型名称</translation>
    </message>
    <message>
        <source>Refresh the model list</source>
        <translation>刷新模型列表</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>Choose a model first: pick one from the list or type its name.</source>
        <translation>请先选择模型：从列表中选择，或输入模型名称。</translation>
    </message>
    <message>
        <source>The request failed; trying again in {seconds} s (attempt {n})…</source>
        <translation>请求失败，{seconds} 秒后重试（第 {n} 次）…</translation>
    </message>
    <message>
        <source>Models available: {count}</source>
        <translation>可用模型：{count} 个</translation>
    </message>
    <message>
        <source>Could not load the model list: {error}</source>
        <translation>无法加载模型列表：{error}</translation>
    </message>
    <message>
        <source>Error details copied to the clipboard</source>
        <translation>错误详情已复制到剪贴板</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>Something went wrong while reading the answer: {error}</source>
        <translation>读取回答时出错：{error}</translation>
    </message>
</context>
<context>
    <name>CodeBlockView</name>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>将代码复制到剪贴板</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ComingSoonPanel</name>
    <message>
        <source>Coming soon</source>
        <translation>即将推出</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>ComposerBar</name>
    <message>
        <source>Message the model…</source>
        <translation>给模型发消息…</translation>
    </message>
    <message>
        <source>Enter to send · Shift+Enter for a new line</source>
        <translation>Enter 发送 · Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Ctrl+Enter to send · Enter for a new line</source>
        <translation>Ctrl+Enter 发送 · Enter 换行</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>停止（Esc）</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Start a conversation</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>Ask anything. The answer appears as it is written; press Esc to stop it at any time.</source>
        <translation>尽管提问。回答会边生成边显示，随时按 Esc 停止。</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>Copy error details</source>
        <translation>复制错误详情</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry the last message</source>
        <translation>重新发送上一条消息</translation>
    </message>
    <message>
        <source>Dismiss error</source>
        <translation>关闭错误提示</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Something went wrong: {error}. The details were saved to the log.</source>
        <translation>出现错误：{error}。详细信息已写入日志。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Studio</source>
        <translation>Studio</translation>
    </message>
    <message>
        <source>Chat and image studio</source>
        <translation>对话与图像工作室</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Create pictures from a description with the image models of your relay.</source>
        <translation>用中转站提供的图像模型，根据文字描述生成图片。</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Change parts of a picture: paint a mask and describe what should be there.</source>
        <translation>修改图片的局部：涂出遮罩区域，再描述那里应该是什么。</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Chat page</source>
        <translation>对话页面</translation>
    </message>
    <message>
        <source>Images page</source>
        <translation>图像页面</translation>
    </message>
    <message>
        <source>Edit page</source>
        <translation>编辑页面</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>版本 {version}</translation>
    </message>
    <message>
        <source>Demo relay</source>
        <translation>演示中转站</translation>
    </message>
    <message>
        <source>{provider} · {endpoint}</source>
        <translation>{provider} · {endpoint}</translation>
    </message>
    <message>
        <source>Relay in use</source>
        <translation>当前使用的中转站</translation>
    </message>
    <message>
        <source>The relay and the API address Studio talks to</source>
        <translation>Studio 正在连接的中转站和 API 地址</translation>
    </message>
    <message>
        <source>Using the built-in demo relay — no key needed</source>
        <translation>正在使用内置演示中转站 — 无需密钥</translation>
    </message>
    <message>
        <source>Tokens used by the last answer</source>
        <translation>上一次回答使用的 token 数</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation>图像(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Studio</source>
        <translation>关于 Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Answering…</source>
        <translation>正在回答…</translation>
    </message>
    <message>
        <source>Last answer: {total} tokens ({prompt} in, {completion} out)</source>
        <translation>上次回答：{total} token（输入 {prompt}，输出 {completion}）</translation>
    </message>
    <message>
        <source>About Studio</source>
        <translation>关于 Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Studio {version}&lt;/b&gt;&lt;br&gt;A desktop chat and image studio for OpenAI-compatible relays.</source>
        <translation>&lt;b&gt;Studio {version}&lt;/b&gt;&lt;br&gt;面向 OpenAI 兼容中转站的桌面对话与图像工作室。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>New line in the message</source>
        <translation>在消息中换行</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Ctrl+1, Ctrl+2, Ctrl+3</source>
        <translation>Ctrl+1、Ctrl+2、Ctrl+3</translation>
    </message>
    <message>
        <source>Go to Chat, Images, Edit</source>
        <translation>转到对话、图像、编辑页面</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Quit Studio</source>
        <translation>退出 Studio</translation>
    </message>
</context>
<context>
    <name>ThinkingPanel</name>
    <message>
        <source>Show or hide the model&apos;s thinking</source>
        <translation>显示或隐藏模型的思考过程</translation>
    </message>
    <message>
        <source>The model&apos;s thinking</source>
        <translation>模型的思考过程</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>正在思考…</translation>
    </message>
    <message>
        <source>Thought process ({count} characters)</source>
        <translation>思考过程（{count} 字）</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Conversation</source>
        <translation>对话内容</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Stopped — the answer above is incomplete.</source>
        <translation>已停止 — 以上回答不完整。</translation>
    </message>
    <message>
        <source>The answer was cut off.</source>
        <translation>回答被中断了。</translation>
    </message>
    <message>
        <source>No answer.</source>
        <translation>没有回答。</translation>
    </message>
</context>
</TS>
