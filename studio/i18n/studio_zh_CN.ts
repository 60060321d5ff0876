<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ApiKeyField</name>
    <message>
      <source>API key</source>
      <translation>API 密钥</translation>
    </message>
    <message>
      <source>Not needed for the demo relay</source>
      <translation>演示中转站无需密钥</translation>
    </message>
    <message>
      <source>Stored in the system keyring ({backend}).</source>
      <translation>保存在系统密钥环中（{backend}）。</translation>
    </message>
    <message>
      <source>No system keyring found: stored in a file only you can read ({path}).</source>
      <translation>未找到系统密钥环：密钥保存在只有你能读取的文件中（{path}）。</translation>
    </message>
    <message>
      <source>Hide</source>
      <translation>隐藏</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Hide the key</source>
      <translation>隐藏密钥</translation>
    </message>
    <message>
      <source>Show the key</source>
      <translation>显示密钥</translation>
    </message>
  </context>
  <context>
    <name>AppearancePage</name>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>System default</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <source>The new language takes effect after you restart Studio.</source>
      <translation>更改语言后需重启 Studio 才会生效。</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>主题</translation>
    </message>
    <message>
      <source>Light</source>
      <translation>浅色</translation>
    </message>
    <message>
      <source>Dark</source>
      <translation>深色</translation>
    </message>
    <message>
      <source>“System default” follows the light or dark setting of your computer.</source>
      <translation>“跟随系统”会随电脑的浅色或深色设置切换。</translation>
    </message>
    <message>
      <source>Restart Studio to switch the language.</source>
      <translation>请重启 Studio 以切换语言。</translation>
    </message>
  </context>
  <context>
    <name>AssistantPicker</name>
    <message>
      <source>Start with an assistant</source>
      <translation>从助手开始</translation>
    </message>
    <message>
      <source>Find an assistant</source>
      <translation>查找助手</translation>
    </message>
    <message>
      <source>Type to find an assistant…</source>
      <translation>输入以查找助手…</translation>
    </message>
    <message>
      <source>Assistants</source>
      <translation>助手</translation>
    </message>
    <message>
      <source>Enter picks · Esc starts a plain chat</source>
      <translation>Enter 选择 · Esc 开始普通对话</translation>
    </message>
    <message>
      <source>No assistant</source>
      <translation>不使用助手</translation>
    </message>
    <message>
      <source>The default settings</source>
      <translation>默认设置</translation>
    </message>
    <message>
      <source>No assistant matches. Enter puts the text in the message box.</source>
      <translation>没有匹配的助手。按 Enter 会把文字放进消息框。</translation>
    </message>
    <message>
      <source>model picked in the chat</source>
      <translation>对话中选择的模型</translation>
    </message>
  </context>
  <context>
    <name>AssistantsPage</name>
    <message>
      <source>Assistants</source>
      <translation>助手</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>Add an assistant</source>
      <translation>添加助手</translation>
    </message>
    <message>
      <source>Duplicate</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Duplicate the assistant</source>
      <translation>复制此助手</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete the assistant</source>
      <translation>删除此助手</translation>
    </message>
    <message>
      <source>A new chat can start from one (Ctrl+N, then pick it).</source>
      <translation>新对话可以从助手开始（按 Ctrl+N，然后选择）。</translation>
    </message>
    <message>
      <source>No assistants yet. An assistant is a name for a system prompt, a model, parameters, an output mode and tools; a new chat can start from it.</source>
      <translation>还没有助手。助手把系统提示词、模型、参数、输出模式和工具保存为一个名称，新对话可以从它开始。</translation>
    </message>
    <message>
      <source>Assistant name</source>
      <translation>助手名称</translation>
    </message>
    <message>
      <source>For example: Translator</source>
      <translation>例如：翻译</translation>
    </message>
    <message>
      <source>Assistant model</source>
      <translation>助手使用的模型</translation>
    </message>
    <message>
      <source>The model picked in the chat</source>
      <translation>对话中选择的模型</translation>
    </message>
    <message>
      <source>Leave empty to keep the model picked in the chat when it starts</source>
      <translation>留空则使用对话开始时选择的模型</translation>
    </message>
    <message>
      <source>Prompt and parameters</source>
      <translation>提示词与参数</translation>
    </message>
    <message>
      <source>Tools</source>
      <translation>工具</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>(unnamed)</source>
      <translation>（未命名）</translation>
    </message>
    <message>
      <source>New assistant</source>
      <translation>新助手</translation>
    </message>
    <message>
      <source>{name} (copy)</source>
      <translation>{name}（副本）</translation>
    </message>
  </context>
  <context>
    <name>AttachmentDraft</name>
    <message>
      <source>Wait a moment: the images are still being prepared.</source>
      <translation>请稍候：图片仍在处理中。</translation>
    </message>
    <message>
      <source>A message can carry at most {count} images; remove one first.</source>
      <translation>一条消息最多附加 {count} 张图片，请先移除一些。</translation>
    </message>
  </context>
  <context>
    <name>AttachmentStrip</name>
    <message>
      <source>Attached images</source>
      <translation>附加的图片</translation>
    </message>
    <message>
      <source>Drop images here to attach them</source>
      <translation>将图片拖放到这里即可附加</translation>
    </message>
    <message>
      <source>Images to send</source>
      <translation>待发送的图片</translation>
    </message>
    <message>
      <source>Image cost estimate</source>
      <translation>图片费用估算</translation>
    </message>
    <message>
      <source>Vision warning</source>
      <translation>识图提醒</translation>
    </message>
    <message>
      <source>Image error</source>
      <translation>图片错误</translation>
    </message>
    <message>
      <source>Send the URL as is</source>
      <translation>直接发送链接</translation>
    </message>
    <message>
      <source>Dismiss the image error</source>
      <translation>关闭图片错误提示</translation>
    </message>
    <message>
      <source>Dismiss</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>…and {count} more.</source>
      <translation>……另有 {count} 条。</translation>
    </message>
    <message>
      <source>1 image</source>
      <translation>1 张图片</translation>
    </message>
    <message>
      <source>{count} images</source>
      <translation>{count} 张图片</translation>
    </message>
    <message>
      <source>{images} · about {tokens} tokens · {size} to send</source>
      <translation>{images} · 约 {tokens} 个 token · 将发送 {size}</translation>
    </message>
    <message>
      <source> · preparing…</source>
      <translation> · 处理中…</translation>
    </message>
  </context>
  <context>
    <name>AttachmentTile</name>
    <message>
      <source>Detail</source>
      <translation>细节</translation>
    </message>
    <message>
      <source>Detail the model looks at: low (512 px, 85 tokens), high (short side 768 px, by 512-px tiles) or auto (the relay decides; estimated as high)</source>
      <translation>模型查看图片的细节：low（512 像素，85 个 token）、high（短边 768 像素，按 512 像素分块计费）或 auto（由中转站决定；按 high 估算）</translation>
    </message>
    <message>
      <source>auto</source>
      <translation>auto</translation>
    </message>
    <message>
      <source>low</source>
      <translation>low</translation>
    </message>
    <message>
      <source>high</source>
      <translation>high</translation>
    </message>
    <message>
      <source>URL</source>
      <translation>链接</translation>
    </message>
    <message>
      <source>Send the URL as is</source>
      <translation>直接发送链接</translation>
    </message>
    <message>
      <source>Send the address instead of the image (the relay must be able to reach it); otherwise Studio fetches it and sends it inline</source>
      <translation>发送图片地址而不是图片本身（中转站必须能访问该地址）；否则 Studio 会自行下载并以内嵌方式发送</translation>
    </message>
    <message>
      <source>Move left</source>
      <translation>左移</translation>
    </message>
    <message>
      <source>Move right</source>
      <translation>右移</translation>
    </message>
    <message>
      <source>Remove image</source>
      <translation>移除图片</translation>
    </message>
    <message>
      <source>Image {name}</source>
      <translation>图片 {name}</translation>
    </message>
    <message>
      <source>Fetching…</source>
      <translation>下载中…</translation>
    </message>
    <message>
      <source>Preparing…</source>
      <translation>处理中…</translation>
    </message>
    <message>
      <source>Sent as a link · size unknown</source>
      <translation>以链接发送 · 尺寸未知</translation>
    </message>
    <message>
      <source>{tokens} tokens · {size}</source>
      <translation>{tokens} 个 token · {size}</translation>
    </message>
    <message>
      <source>Original: {width}×{height}, {size}</source>
      <translation>原图：{width}×{height}，{size}</translation>
    </message>
    <message>
      <source>Sent: {width}×{height}, {size}, about {tokens} tokens</source>
      <translation>发送：{width}×{height}，{size}，约 {tokens} 个 token</translation>
    </message>
  </context>
  <context>
    <name>Attachments</name>
    <message>
      <source>“{name}” is {size} MB, too big to attach. Attach a smaller image.</source>
      <translation>“{name}”有 {size} MB，太大无法附加。请附加更小的图片。</translation>
    </message>
    <message>
      <source>“{name}” no longer exists. Choose the file again.</source>
      <translation>“{name}”已不存在。请重新选择文件。</translation>
    </message>
    <message>
      <source>Cannot read “{name}”: {reason}. Check the file and try again.</source>
      <translation>无法读取“{name}”：{reason}。请检查文件后重试。</translation>
    </message>
    <message>
      <source>Studio could not prepare “{name}” ({error}).</source>
      <translation>Studio 无法处理“{name}”（{error}）。</translation>
    </message>
  </context>
  <context>
    <name>ChatHeader</name>
    <message>
      <source>Assistant</source>
      <translation>助手</translation>
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
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Show or hide parameters and tools</source>
      <translation>显示或隐藏参数与工具</translation>
    </message>
    <message>
      <source>System prompt, sampling parameters, JSON output and tools of this chat</source>
      <translation>本对话的系统提示词、采样参数、JSON 输出和工具</translation>
    </message>
    <message>
      <source>Started from the assistant {name}</source>
      <translation>从助手“{name}”开始</translation>
    </message>
    <message>
      <source>{assistant} · {title}</source>
      <translation>{assistant} · {title}</translation>
    </message>
    <message>
      <source>New chat</source>
      <translation>新对话</translation>
    </message>
  </context>
  <context>
    <name>ChatImageViewer</name>
    <message>
      <source>Image viewer</source>
      <translation>图片查看器</translation>
    </message>
    <message>
      <source>Image</source>
      <translation>图片</translation>
    </message>
    <message>
      <source>Zoom</source>
      <translation>缩放</translation>
    </message>
    <message>
      <source>Previous image</source>
      <translation>上一张</translation>
    </message>
    <message>
      <source>Next image</source>
      <translation>下一张</translation>
    </message>
    <message>
      <source>Zoom out</source>
      <translation>缩小</translation>
    </message>
    <message>
      <source>Zoom in</source>
      <translation>放大</translation>
    </message>
    <message>
      <source>Fit to window</source>
      <translation>适应窗口</translation>
    </message>
    <message>
      <source>100 %</source>
      <translation>100 %</translation>
    </message>
    <message>
      <source>Save as…</source>
      <translation>另存为…</translation>
    </message>
    <message>
      <source>Copy image</source>
      <translation>复制图片</translation>
    </message>
    <message>
      <source>Edit this image</source>
      <translation>编辑这张图片</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Open it in the Edit page to paint a mask and change it</source>
      <translation>在编辑页面打开，绘制蒙版并修改它</translation>
    </message>
    <message>
      <source>Zoom out (−)</source>
      <translation>缩小（−）</translation>
    </message>
    <message>
      <source>Zoom in (+)</source>
      <translation>放大（+）</translation>
    </message>
    <message>
      <source>Fit to window (0)</source>
      <translation>适应窗口（0）</translation>
    </message>
    <message>
      <source>Actual size, 100 % (1)</source>
      <translation>实际大小，100 %（1）</translation>
    </message>
    <message>
      <source>The image file is not available.</source>
      <translation>图片文件已不存在。</translation>
    </message>
    <message>
      <source>Could not save the image as {name}.</source>
      <translation>无法将图片保存为 {name}。</translation>
    </message>
    <message>
      <source>Save image as</source>
      <translation>图片另存为</translation>
    </message>
    <message>
      <source>Images (*.png *.jpg *.jpeg *.webp);;All files (*)</source>
      <translation>图片 (*.png *.jpg *.jpeg *.webp);;所有文件 (*)</translation>
    </message>
  </context>
  <context>
    <name>ChatPage</name>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Tools</source>
      <translation>工具</translation>
    </message>
    <message>
      <source>Choose a model first: pick one from the list or type its name.</source>
      <translation>请先选择模型：从列表中选择，或输入模型名称。</translation>
    </message>
    <message>
      <source>Wait for the answer to finish, or press Esc to stop it.</source>
      <translation>请等待回答结束，或按 Esc 停止。</translation>
    </message>
    <message>
      <source>New chat</source>
      <translation>新对话</translation>
    </message>
    <message>
      <source>This chat: {total} tokens ({prompt} in, {completion} out)</source>
      <translation>本对话：{total} 个 token（输入 {prompt}，输出 {completion}）</translation>
    </message>
    <message>
      <source>≈ {cost} for the answers shown</source>
      <translation>当前显示的回答约 {cost}</translation>
    </message>
    <message>
      <source>The model called {count} of your functions: enter the results below.</source>
      <translation>模型调用了你的 {count} 个函数：请在下方填写结果。</translation>
    </message>
    <message>
      <source>This relay does not accept a JSON schema. Retry in JSON mode with the schema in the prompt?</source>
      <translation>该中转站不接受 JSON Schema。是否改用 JSON 模式并把 Schema 写进提示词后重试？</translation>
    </message>
    <message>
      <source>The request failed; trying again in {seconds} s (attempt {n})…</source>
      <translation>请求失败，{seconds} 秒后重试（第 {n} 次）…</translation>
    </message>
    <message>
      <source>Stopped after {rounds} automatic tool rounds; send a message to go on.</source>
      <translation>已自动执行 {rounds} 轮工具调用后停止；发送消息即可继续。</translation>
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
    <name>ChatSettingsPage</name>
    <message>
      <source>Key that sends a message</source>
      <translation>发送消息的按键</translation>
    </message>
    <message>
      <source>Enter (Shift+Enter for a new line)</source>
      <translation>Enter（Shift+Enter 换行）</translation>
    </message>
    <message>
      <source>Ctrl+Enter (Enter for a new line)</source>
      <translation>Ctrl+Enter（Enter 换行）</translation>
    </message>
    <message>
      <source>Ctrl+Enter suits long messages and input methods that use Enter.</source>
      <translation>Ctrl+Enter 适合长消息，以及用 Enter 上屏的输入法。</translation>
    </message>
    <message>
      <source>Send with</source>
      <translation>发送方式</translation>
    </message>
  </context>
  <context>
    <name>ChoiceEditor</name>
    <message>
      <source>Relay default</source>
      <translation>中转站默认</translation>
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
    <name>CompareCanvas</name>
    <message>
      <source>Comparison</source>
      <translation>对比</translation>
    </message>
  </context>
  <context>
    <name>CompareHandle</name>
    <message>
      <source>Compare divider</source>
      <translation>对比分隔线</translation>
    </message>
    <message>
      <source>Drag, or use the arrow keys: before on the left, after on the right</source>
      <translation>拖动或使用方向键：左边是之前，右边是之后</translation>
    </message>
    <message>
      <source>Drag to compare (← → move the divider)</source>
      <translation>拖动以对比（← → 移动分隔线）</translation>
    </message>
  </context>
  <context>
    <name>CompareView</name>
    <message>
      <source>Compare versions</source>
      <translation>比较版本</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>之前</translation>
    </message>
    <message>
      <source>After</source>
      <translation>之后</translation>
    </message>
    <message>
      <source>Slider</source>
      <translation>滑块</translation>
    </message>
    <message>
      <source>One picture, a divider to drag</source>
      <translation>一张图片，拖动分隔线对比</translation>
    </message>
    <message>
      <source>Side by side</source>
      <translation>并排</translation>
    </message>
    <message>
      <source>Both pictures, same zoom and position</source>
      <translation>两张图片，相同的缩放和位置</translation>
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
    <message>
      <source>Attach</source>
      <translation>附加</translation>
    </message>
    <message>
      <source>Attach images</source>
      <translation>附加图片</translation>
    </message>
    <message>
      <source>Attach images (you can also paste them with Ctrl+V or drop them here)</source>
      <translation>附加图片（也可以用 Ctrl+V 粘贴或直接拖放到这里）</translation>
    </message>
    <message>
      <source>Image options</source>
      <translation>图片选项</translation>
    </message>
    <message>
      <source>Image options: earlier images, originals</source>
      <translation>图片选项：之前的图片、原图</translation>
    </message>
    <message>
      <source>Send original files (expert)</source>
      <translation>发送原始文件（高级）</translation>
    </message>
    <message>
      <source>Send files unchanged where the provider accepts them: more tokens and bytes, metadata kept</source>
      <translation>在服务商接受的情况下原样发送文件：消耗更多 token 和流量，并保留元数据</translation>
    </message>
    <message>
      <source>Earlier images in this chat:</source>
      <translation>本对话中之前的图片：</translation>
    </message>
    <message>
      <source>Send all of them again</source>
      <translation>全部重新发送</translation>
    </message>
    <message>
      <source>Send only the last turn's images</source>
      <translation>只发送最近一轮的图片</translation>
    </message>
    <message>
      <source>Send none (a short note instead)</source>
      <translation>都不发送（以简短说明代替）</translation>
    </message>
  </context>
  <context>
    <name>ConnectionTab</name>
    <message>
      <source>Provider name</source>
      <translation>服务商名称</translation>
    </message>
    <message>
      <source>My relay</source>
      <translation>我的中转站</translation>
    </message>
    <message>
      <source>Base URL</source>
      <translation>接口地址</translation>
    </message>
    <message>
      <source>Resolved endpoint</source>
      <translation>实际请求地址</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>API key</source>
      <translation>API 密钥</translation>
    </message>
    <message>
      <source>Test connection asks the relay for its model list (GET /v1/models) with the settings above, saved or not; it costs nothing.</source>
      <translation>“测试连接”会用上面的设置（无论是否已保存）向中转站请求模型列表（GET /v1/models），不产生费用。</translation>
    </message>
    <message>
      <source>Built-in demo relay: runs on this computer, no address or key needed.</source>
      <translation>内置演示中转站：在本机运行，无需地址和密钥。</translation>
    </message>
    <message>
      <source>The demo relay is not running in this session.</source>
      <translation>本次运行未启动演示中转站。</translation>
    </message>
    <message>
      <source>Resolved endpoint: {endpoint}</source>
      <translation>实际请求地址：{endpoint}</translation>
    </message>
  </context>
  <context>
    <name>ConversationSession</name>
    <message>
      <source>1 earlier image was left out to keep the request under the {limit} MB limit.</source>
      <translation>为使请求不超过 {limit} MB 的上限，已略去 1 张较早的图片。</translation>
    </message>
    <message>
      <source>{count} earlier images were left out to keep the request under the {limit} MB limit.</source>
      <translation>为使请求不超过 {limit} MB 的上限，已略去 {count} 张较早的图片。</translation>
    </message>
  </context>
  <context>
    <name>ConversationSidebar</name>
    <message>
      <source>New chat</source>
      <translation>新对话</translation>
    </message>
    <message>
      <source>Start a new conversation (Ctrl+N)</source>
      <translation>开始新的对话（Ctrl+N）</translation>
    </message>
    <message>
      <source>Search all conversations</source>
      <translation>搜索所有对话</translation>
    </message>
    <message>
      <source>Search all chats (Ctrl+F)</source>
      <translation>搜索全部对话（Ctrl+F）</translation>
    </message>
    <message>
      <source>Conversations</source>
      <translation>对话列表</translation>
    </message>
    <message>
      <source>Conversation deleted.</source>
      <translation>对话已删除。</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Undo delete</source>
      <translation>撤销删除</translation>
    </message>
    <message>
      <source>No conversations yet. Type a message to start one.</source>
      <translation>还没有对话。输入一条消息即可开始。</translation>
    </message>
    <message>
      <source>Nothing found for “{query}”.</source>
      <translation>没有找到“{query}”。</translation>
    </message>
    <message>
      <source>Rename…</source>
      <translation>重命名…</translation>
    </message>
    <message>
      <source>Unpin</source>
      <translation>取消置顶</translation>
    </message>
    <message>
      <source>Pin to top</source>
      <translation>置顶</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Rename conversation</source>
      <translation>重命名对话</translation>
    </message>
    <message>
      <source>Title:</source>
      <translation>标题：</translation>
    </message>
    <message>
      <source>Deleted “{title}”.</source>
      <translation>已删除“{title}”。</translation>
    </message>
  </context>
  <context>
    <name>CreatePanel</name>
    <message>
      <source>Prompt</source>
      <translation>提示词</translation>
    </message>
    <message>
      <source>Describe the picture you want…</source>
      <translation>描述你想要的画面…</translation>
    </message>
    <message>
      <source>Ctrl+Enter generates · ↑ earlier prompts</source>
      <translation>Ctrl+Enter 生成 · ↑ 查看以前的提示词</translation>
    </message>
    <message>
      <source>Negative prompt</source>
      <translation>反向提示词</translation>
    </message>
    <message>
      <source>What the picture should not show</source>
      <translation>画面中不应出现的内容</translation>
    </message>
    <message>
      <source>Image model</source>
      <translation>图像模型</translation>
    </message>
    <message>
      <source>The model that draws; type any name your relay offers</source>
      <translation>负责绘图的模型；也可以输入中转站提供的任意模型名</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Generate</source>
      <translation>生成</translation>
    </message>
    <message>
      <source>Generate images</source>
      <translation>生成图片</translation>
    </message>
    <message>
      <source>Picture settings</source>
      <translation>图片设置</translation>
    </message>
    <message>
      <source>Write a prompt first</source>
      <translation>请先输入提示词</translation>
    </message>
    <message>
      <source>Choose a model first</source>
      <translation>请先选择模型</translation>
    </message>
    <message>
      <source>Fix the extra fields first: they are not a JSON object</source>
      <translation>请先修正附加字段：它不是 JSON 对象</translation>
    </message>
    <message>
      <source>Generate (Ctrl+Enter)</source>
      <translation>生成（Ctrl+Enter）</translation>
    </message>
    <message>
      <source>Pick a model or type the name your relay uses.</source>
      <translation>请选择模型，或输入中转站使用的模型名。</translation>
    </message>
    <message>
      <source>A model Studio does not know: size, count and seed are sent, plus any extra fields you add.</source>
      <translation>Studio 不认识这个模型：将发送尺寸、数量和种子，以及你添加的附加字段。</translation>
    </message>
  </context>
  <context>
    <name>DetailsPanel</name>
    <message>
      <source>Selected picture</source>
      <translation>所选图片</translation>
    </message>
    <message>
      <source>Select a picture to see how it was made.</source>
      <translation>选择一张图片，查看它是如何生成的。</translation>
    </message>
    <message>
      <source>Reuse all parameters</source>
      <translation>复用全部参数</translation>
    </message>
    <message>
      <source>Open the picture in the viewer</source>
      <translation>在查看器中打开图片</translation>
    </message>
    <message>
      <source>Use the picture in chat</source>
      <translation>在对话中使用这张图片</translation>
    </message>
    <message>
      <source>Copy the picture</source>
      <translation>复制图片</translation>
    </message>
    <message>
      <source>Copy the prompt</source>
      <translation>复制提示词</translation>
    </message>
    <message>
      <source>Save the picture as a file</source>
      <translation>将图片另存为文件</translation>
    </message>
    <message>
      <source>Show the file in its folder</source>
      <translation>在文件夹中显示文件</translation>
    </message>
    <message>
      <source>Edit this image</source>
      <translation>编辑这张图片</translation>
    </message>
    <message>
      <source>Delete the picture</source>
      <translation>删除图片</translation>
    </message>
    <message>
      <source>Picture details</source>
      <translation>图片详情</translation>
    </message>
  </context>
  <context>
    <name>EditCanvas</name>
    <message>
      <source>Edit canvas</source>
      <translation>编辑画布</translation>
    </message>
    <message>
      <source>The picture being edited; paint the area the model may change</source>
      <translation>正在编辑的图片；涂抹允许模型修改的区域</translation>
    </message>
  </context>
  <context>
    <name>EditDocument</name>
    <message>
      <source>The picture already has that shape.</source>
      <translation>图片已经是这个形状。</translation>
    </message>
    <message>
      <source>Cancelled. Every input is kept.</source>
      <translation>已取消。所有输入都已保留。</translation>
    </message>
    <message>
      <source>Preparing the pictures…</source>
      <translation>正在准备图片…</translation>
    </message>
    <message>
      <source>Waiting for the relay…</source>
      <translation>正在等待中转站…</translation>
    </message>
    <message>
      <source>The relay refused the image field; trying “{field}” once.</source>
      <translation>中转站拒绝了图片字段；改用“{field}”再试一次。</translation>
    </message>
    <message>
      <source>The relay found the pictures too large; sending them smaller once.</source>
      <translation>中转站认为图片太大；缩小后再发送一次。</translation>
    </message>
    <message>
      <source>The change could not be saved: {reason}</source>
      <translation>无法保存更改：{reason}</translation>
    </message>
    <message>
      <source>{name} is larger than 50 MB.</source>
      <translation>{name} 大于 50 MB。</translation>
    </message>
    <message>
      <source>{name} could not be read: {reason}</source>
      <translation>无法读取 {name}：{reason}</translation>
    </message>
    <message>
      <source>{name} is not a picture Studio can read: {reason}</source>
      <translation>{name} 不是 Studio 能读取的图片：{reason}</translation>
    </message>
    <message>
      <source>Could not write {path}: {reason}</source>
      <translation>无法写入 {path}：{reason}</translation>
    </message>
  </context>
  <context>
    <name>EditLibrary</name>
    <message>
      <source>The session could not be opened: {reason}</source>
      <translation>无法打开该会话：{reason}</translation>
    </message>
    <message>
      <source>Cancel the running edit before deleting its session.</source>
      <translation>请先取消正在进行的编辑，再删除它的会话。</translation>
    </message>
    <message>
      <source>{name} is larger than 50 MB.</source>
      <translation>{name} 大于 50 MB。</translation>
    </message>
    <message>
      <source>{name} could not be read: {reason}</source>
      <translation>无法读取 {name}：{reason}</translation>
    </message>
    <message>
      <source>{name} is not a picture Studio can read: {reason}</source>
      <translation>{name} 不是 Studio 能读取的图片：{reason}</translation>
    </message>
    <message>
      <source>The picture</source>
      <translation>该图片</translation>
    </message>
    <message>
      <source>The picture could not be opened: {reason}</source>
      <translation>无法打开该图片：{reason}</translation>
    </message>
  </context>
  <context>
    <name>EditPage</name>
    <message>
      <source>Edit page</source>
      <translation>编辑页面</translation>
    </message>
    <message>
      <source>Expand canvas</source>
      <translation>扩展画布</translation>
    </message>
    <message>
      <source>Grow the picture on its sides; the new area is painted for the model to fill</source>
      <translation>向四周扩展图片；新增区域会被涂上蒙版，由模型填充</translation>
    </message>
    <message>
      <source>Wide 16:9</source>
      <translation>横向 16:9</translation>
    </message>
    <message>
      <source>Tall 9:16</source>
      <translation>纵向 9:16</translation>
    </message>
    <message>
      <source>Square</source>
      <translation>正方形</translation>
    </message>
    <message>
      <source>25 % larger on every side</source>
      <translation>四周各扩大 25%</translation>
    </message>
    <message>
      <source>Back to the mask</source>
      <translation>返回蒙版</translation>
    </message>
    <message>
      <source>Leave the comparison and paint on the base again</source>
      <translation>退出对比，继续在底图上绘制</translation>
    </message>
    <message>
      <source>Show unblended</source>
      <translation>显示未融合结果</translation>
    </message>
    <message>
      <source>Show the model's own result, without the original pasted back outside the mask</source>
      <translation>显示模型的原始结果，不把蒙版外的原图贴回</translation>
    </message>
    <message>
      <source>Mask tools</source>
      <translation>蒙版工具</translation>
    </message>
    <message>
      <source>Open a picture to edit: drop it here, use “Open a file…” or paste it (Ctrl+V). In the gallery, the wand on a picture opens it here.</source>
      <translation>打开一张图片来编辑：拖放到这里、使用“打开文件…”或粘贴（Ctrl+V）。在图库中，点图片上的魔术棒也会在这里打开。</translation>
    </message>
    <message>
      <source>Edit settings and versions</source>
      <translation>编辑设置与版本</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>The base picture is missing from the image folder.</source>
      <translation>图片文件夹中找不到底图。</translation>
    </message>
    <message>
      <source>The saved mask could not be read; paint it again.</source>
      <translation>无法读取已保存的蒙版，请重新绘制。</translation>
    </message>
    <message>
      <source>Open a picture to edit</source>
      <translation>打开要编辑的图片</translation>
    </message>
    <message>
      <source>Pictures ({patterns})</source>
      <translation>图片（{patterns}）</translation>
    </message>
    <message>
      <source>dropped image.png</source>
      <translation>拖入的图片.png</translation>
    </message>
    <message>
      <source>The clipboard holds no picture.</source>
      <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
      <source>Add reference pictures</source>
      <translation>添加参考图片</translation>
    </message>
    <message>
      <source>Base</source>
      <translation>底图</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <source>Done. The result is a new version.</source>
      <translation>完成。结果已成为一个新版本。</translation>
    </message>
    <message>
      <source> (from {w}×{h})</source>
      <translation>（原 {w}×{h}）</translation>
    </message>
    <message>
      <source>Sent: {pictures}</source>
      <translation>已发送：{pictures}</translation>
    </message>
    <message>
      <source> · mask</source>
      <translation> · 蒙版</translation>
    </message>
    <message>
      <source> · field “{field}”</source>
      <translation> · 字段“{field}”</translation>
    </message>
    <message>
      <source> · as a chat message</source>
      <translation> · 以对话消息发送</translation>
    </message>
    <message>
      <source>Export version</source>
      <translation>导出版本</translation>
    </message>
    <message>
      <source>PNG picture (*.png)</source>
      <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
      <source>Exported to {path}</source>
      <translation>已导出到 {path}</translation>
    </message>
    <message>
      <source>Picture copied.</source>
      <translation>图片已复制。</translation>
    </message>
  </context>
  <context>
    <name>EditProblems</name>
    <message>
      <source> and </source>
      <translation>和</translation>
    </message>
    <message>
      <source>The relay refused the image field as {fields}: {message}</source>
      <translation>中转站不接受以 {fields} 发送的图片字段：{message}</translation>
    </message>
    <message>
      <source>The relay refused the pictures as too large, also when made smaller: {message}</source>
      <translation>中转站认为图片太大，缩小后仍被拒绝：{message}</translation>
    </message>
    <message>
      <source>The {which} is no longer in the image folder.</source>
      <translation>{which}已不在图片文件夹中。</translation>
    </message>
    <message>
      <source>The {which} could not be read: {reason}</source>
      <translation>无法读取{which}：{reason}</translation>
    </message>
    <message>
      <source>The result arrived but could not be saved: {reason}</source>
      <translation>结果已收到，但无法保存：{reason}</translation>
    </message>
    <message>
      <source>The outside could not be kept; the unblended result was saved: {reason}</source>
      <translation>无法保留蒙版以外的区域；已保存未合成的结果：{reason}</translation>
    </message>
    <message>
      <source>{model} takes at most {limit} pictures; the tray holds {count}.</source>
      <translation>{model} 最多接受 {limit} 张图片；参考栏中有 {count} 张。</translation>
    </message>
    <message>
      <source>Write what to change first.</source>
      <translation>请先写下要修改的内容。</translation>
    </message>
    <message>
      <source>{model} cannot edit pictures.</source>
      <translation>{model} 不能编辑图片。</translation>
    </message>
    <message>
      <source>The session has no picture to edit.</source>
      <translation>这个会话没有可编辑的图片。</translation>
    </message>
    <message>
      <source>Unexpected error: {reason}</source>
      <translation>意外错误：{reason}</translation>
    </message>
    <message>
      <source>mask</source>
      <translation>蒙版</translation>
    </message>
    <message>
      <source>base picture</source>
      <translation>底图</translation>
    </message>
    <message>
      <source>reference in slot {slot}</source>
      <translation>第 {slot} 格的参考图</translation>
    </message>
  </context>
  <context>
    <name>EditSessionList</name>
    <message>
      <source>Edit sessions</source>
      <translation>编辑会话</translation>
    </message>
    <message>
      <source>New from file…</source>
      <translation>从文件新建…</translation>
    </message>
    <message>
      <source>Start an edit session from a picture file</source>
      <translation>从图片文件开始一个编辑会话</translation>
    </message>
    <message>
      <source>Paste image</source>
      <translation>粘贴图片</translation>
    </message>
    <message>
      <source>Start an edit session from the picture on the clipboard (Ctrl+V)</source>
      <translation>用剪贴板中的图片开始一个编辑会话（Ctrl+V）</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Session deleted</source>
      <translation>会话已删除</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>The clipboard holds no picture</source>
      <translation>剪贴板中没有图片</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>昨天</translation>
    </message>
    <message>
      <source>1 version</source>
      <translation>1 个版本</translation>
    </message>
    <message>
      <source>{count} versions</source>
      <translation>{count} 个版本</translation>
    </message>
    <message>
      <source>No edits yet</source>
      <translation>尚未编辑</translation>
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
    <name>ExtraFieldsEditor</name>
    <message>
      <source>a value is missing</source>
      <translation>缺少一个值</translation>
    </message>
    <message>
      <source>a comma is missing</source>
      <translation>缺少逗号</translation>
    </message>
    <message>
      <source>a colon is missing</source>
      <translation>缺少冒号</translation>
    </message>
    <message>
      <source>a field name in double quotes is expected</source>
      <translation>此处应为带双引号的字段名</translation>
    </message>
    <message>
      <source>a text is not closed with a double quote</source>
      <translation>字符串缺少结尾的双引号</translation>
    </message>
    <message>
      <source>there is more after the object</source>
      <translation>对象后面还有多余内容</translation>
    </message>
    <message>
      <source>a line break or tab inside a text</source>
      <translation>字符串中含有换行符或制表符</translation>
    </message>
    <message>
      <source>an unknown \ escape</source>
      <translation>未知的 \ 转义</translation>
    </message>
    <message>
      <source>Extra fields (JSON)</source>
      <translation>附加字段（JSON）</translation>
    </message>
    <message>
      <source>Extra fields as a JSON object</source>
      <translation>以 JSON 对象填写的附加字段</translation>
    </message>
    <message>
      <source>Fields added to the request as they are, for example {example}</source>
      <translation>这些字段会原样加入请求，例如 {example}</translation>
    </message>
    <message>
      <source>Not valid JSON (line {line}, column {column}): {reason}</source>
      <translation>JSON 格式有误（第 {line} 行，第 {column} 列）：{reason}</translation>
    </message>
    <message>
      <source>Write a JSON object in braces, such as {"steps": 30}.</source>
      <translation>请用花括号写一个 JSON 对象，例如 {"steps": 30}。</translation>
    </message>
  </context>
  <context>
    <name>FunctionEditor</name>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Function name</source>
      <translation>函数名</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>Function description</source>
      <translation>函数说明</translation>
    </message>
    <message>
      <source>What the function does and when the model should call it</source>
      <translation>函数的作用，以及模型应在什么时候调用它</translation>
    </message>
    <message>
      <source>Parameters (JSON Schema)</source>
      <translation>参数（JSON Schema）</translation>
    </message>
    <message>
      <source>Start from template</source>
      <translation>从模板开始</translation>
    </message>
    <message>
      <source>Insert an example parameters schema</source>
      <translation>插入一个示例参数 Schema</translation>
    </message>
    <message>
      <source>Function parameters as JSON Schema</source>
      <translation>以 JSON Schema 表示的函数参数</translation>
    </message>
    <message>
      <source>Save function</source>
      <translation>保存函数</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cancel editing the function</source>
      <translation>取消编辑函数</translation>
    </message>
    <message>
      <source>New function</source>
      <translation>新建函数</translation>
    </message>
    <message>
      <source>Edit function</source>
      <translation>编辑函数</translation>
    </message>
    <message>
      <source>Describe the parameters as a JSON Schema.</source>
      <translation>请用 JSON Schema 描述参数。</translation>
    </message>
    <message>
      <source>Give the function a name, such as get_weather.</source>
      <translation>请为函数命名，例如 get_weather。</translation>
    </message>
    <message>
      <source>The name may only use letters, digits, “_” or “-” (1 to 64, no spaces): {name}</source>
      <translation>名称只能包含字母、数字、“_” 或 “-”（1 到 64 个字符，不能有空格）：{name}</translation>
    </message>
  </context>
  <context>
    <name>GalleryActions</name>
    <message>
      <source>Save picture as</source>
      <translation>图片另存为</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Copy image</source>
      <translation>复制图片</translation>
    </message>
    <message>
      <source>Copy prompt</source>
      <translation>复制提示词</translation>
    </message>
    <message>
      <source>Reuse all parameters</source>
      <translation>复用全部参数</translation>
    </message>
    <message>
      <source>Save as…</source>
      <translation>另存为…</translation>
    </message>
    <message>
      <source>Show in folder</source>
      <translation>在文件夹中显示</translation>
    </message>
    <message>
      <source>Edit this image</source>
      <translation>编辑这张图片</translation>
    </message>
    <message>
      <source>Use in chat</source>
      <translation>在对话中使用</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Copy the picture to the clipboard</source>
      <translation>将图片复制到剪贴板</translation>
    </message>
    <message>
      <source>Fill in the model, prompt and every parameter, seed included</source>
      <translation>填入模型、提示词和全部参数（包括种子）</translation>
    </message>
    <message>
      <source>Open the folder that holds the file</source>
      <translation>打开文件所在的文件夹</translation>
    </message>
    <message>
      <source>Attach the picture to a chat message</source>
      <translation>将图片附加到对话消息</translation>
    </message>
    <message>
      <source>Open the picture in the editing studio</source>
      <translation>在编辑工作室中打开图片</translation>
    </message>
    <message>
      <source>Editing comes with the editing studio</source>
      <translation>编辑功能将随编辑工作室一起提供</translation>
    </message>
    <message>
      <source>Prompt copied</source>
      <translation>提示词已复制</translation>
    </message>
    <message>
      <source>Could not read the picture file</source>
      <translation>无法读取图片文件</translation>
    </message>
    <message>
      <source>Picture copied</source>
      <translation>图片已复制</translation>
    </message>
    <message>
      <source>Could not save the picture: {error}</source>
      <translation>无法保存图片：{error}</translation>
    </message>
    <message>
      <source>Saved to {path}</source>
      <translation>已保存到 {path}</translation>
    </message>
  </context>
  <context>
    <name>GalleryGroups</name>
    <message>
      <source>1 picture</source>
      <translation>1 张图片</translation>
    </message>
    <message>
      <source>{count} pictures</source>
      <translation>{count} 张图片</translation>
    </message>
    <message>
      <source>Job: {prompt}. {details}</source>
      <translation>任务：{prompt}。{details}</translation>
    </message>
  </context>
  <context>
    <name>GalleryPanel</name>
    <message>
      <source>Gallery</source>
      <translation>图库</translation>
    </message>
    <message>
      <source>Show pictures of one model</source>
      <translation>只显示某个模型的图片</translation>
    </message>
    <message>
      <source>Show the pictures of one model</source>
      <translation>只显示某个模型的图片</translation>
    </message>
    <message>
      <source>Search prompts</source>
      <translation>搜索提示词</translation>
    </message>
    <message>
      <source>Search prompts…</source>
      <translation>搜索提示词…</translation>
    </message>
    <message>
      <source>Picture deleted.</source>
      <translation>图片已删除。</translation>
    </message>
    <message>
      <source>Picture restored</source>
      <translation>图片已恢复</translation>
    </message>
    <message>
      <source>All models</source>
      <translation>全部模型</translation>
    </message>
    <message>
      <source>1 picture</source>
      <translation>1 张图片</translation>
    </message>
    <message>
      <source>{count} pictures</source>
      <translation>{count} 张图片</translation>
    </message>
    <message>
      <source>No pictures match. Try other words or another model.</source>
      <translation>没有匹配的图片。换个关键词或模型试试。</translation>
    </message>
    <message>
      <source>Nothing here yet. Every picture is saved here the moment it arrives.</source>
      <translation>这里还没有图片。每张图片一生成就会保存在这里。</translation>
    </message>
  </context>
  <context>
    <name>GalleryView</name>
    <message>
      <source>Gallery</source>
      <translation>图库</translation>
    </message>
  </context>
  <context>
    <name>HeadersTable</name>
    <message>
      <source>Extra headers</source>
      <translation>附加请求头</translation>
    </message>
    <message>
      <source>Header</source>
      <translation>请求头</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>Add header</source>
      <translation>添加请求头</translation>
    </message>
    <message>
      <source>Add a header</source>
      <translation>添加一个请求头</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>Remove the selected header</source>
      <translation>移除所选请求头</translation>
    </message>
    <message>
      <source>Header problem</source>
      <translation>请求头问题</translation>
    </message>
    <message>
      <source>Sent with every request, e.g. HTTP-Referer or X-Title. The key does not belong here: use the API key field.</source>
      <translation>随每个请求发送，例如 HTTP-Referer 或 X-Title。密钥不要填在这里，请使用 API 密钥输入框。</translation>
    </message>
  </context>
  <context>
    <name>ImageJob</name>
    <message>
      <source>{0} of {1} images could not be read: {2}</source>
      <translation>{1} 张图片中有 {0} 张无法读取：{2}</translation>
    </message>
    <message>
      <source>The image arrived but could not be saved: {0}</source>
      <translation>图片已收到，但无法保存：{0}</translation>
    </message>
    <message>
      <source>Unexpected error: {0}</source>
      <translation>意外错误：{0}</translation>
    </message>
  </context>
  <context>
    <name>ImageModels</name>
    <message>
      <source>Demo image</source>
      <translation>演示图像</translation>
    </message>
    <message>
      <source>Demo image edit</source>
      <translation>演示图像编辑</translation>
    </message>
    <message>
      <source>Demo image remix</source>
      <translation>演示图像重绘</translation>
    </message>
    <message>
      <source>Demo banana</source>
      <translation>演示 Banana</translation>
    </message>
  </context>
  <context>
    <name>ImageParams</name>
    <message>
      <source>Size</source>
      <translation>尺寸</translation>
    </message>
    <message>
      <source>Quality</source>
      <translation>质量</translation>
    </message>
    <message>
      <source>Background</source>
      <translation>背景</translation>
    </message>
    <message>
      <source>Output format</source>
      <translation>输出格式</translation>
    </message>
    <message>
      <source>Compression</source>
      <translation>压缩率</translation>
    </message>
    <message>
      <source>Moderation</source>
      <translation>内容审核</translation>
    </message>
    <message>
      <source>Style</source>
      <translation>风格</translation>
    </message>
    <message>
      <source>Aspect ratio</source>
      <translation>宽高比</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>分辨率</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>种子</translation>
    </message>
    <message>
      <source>Images</source>
      <translation>图片数量</translation>
    </message>
    <message>
      <source>Response format</source>
      <translation>返回格式</translation>
    </message>
    <message>
      <source>Negative prompt</source>
      <translation>反向提示词</translation>
    </message>
    <message>
      <source>Input fidelity</source>
      <translation>输入保真度</translation>
    </message>
    <message>
      <source>auto</source>
      <translation>自动</translation>
    </message>
    <message>
      <source>low</source>
      <translation>低</translation>
    </message>
    <message>
      <source>medium</source>
      <translation>中</translation>
    </message>
    <message>
      <source>high</source>
      <translation>高</translation>
    </message>
    <message>
      <source>standard</source>
      <translation>标准</translation>
    </message>
    <message>
      <source>hd</source>
      <translation>高清</translation>
    </message>
    <message>
      <source>transparent</source>
      <translation>透明</translation>
    </message>
    <message>
      <source>opaque</source>
      <translation>不透明</translation>
    </message>
    <message>
      <source>vivid</source>
      <translation>鲜明</translation>
    </message>
    <message>
      <source>natural</source>
      <translation>自然</translation>
    </message>
    <message>
      <source>url</source>
      <translation>链接（url）</translation>
    </message>
    <message>
      <source>b64_json</source>
      <translation>Base64（b64_json）</translation>
    </message>
    <message>
      <source>Sent to the relay as “{name}”</source>
      <translation>以“{name}”发送给中转站</translation>
    </message>
    <message>
      <source>Number of images</source>
      <translation>图片数量</translation>
    </message>
  </context>
  <context>
    <name>ImageShelf</name>
    <message>
      <source>image</source>
      <translation>图片</translation>
    </message>
    <message>
      <source>detail {detail}</source>
      <translation>细节 {detail}</translation>
    </message>
    <message>
      <source>about {tokens} tokens</source>
      <translation>约 {tokens} 个 token</translation>
    </message>
    <message>
      <source>sent as a link</source>
      <translation>以链接发送</translation>
    </message>
  </context>
  <context>
    <name>ImageStudioSession</name>
    <message>
      <source>Write a prompt first.</source>
      <translation>请先输入提示词。</translation>
    </message>
    <message>
      <source>The extra fields are not a valid JSON object: {0}</source>
      <translation>附加字段不是有效的 JSON 对象：{0}</translation>
    </message>
    <message>
      <source>{model} cannot make {size} pictures: {reason}</source>
      <translation>{model} 无法生成 {size} 的图片：{reason}</translation>
    </message>
    <message>
      <source>Studio stopped before this job started.</source>
      <translation>Studio 在此任务开始前已停止。</translation>
    </message>
    <message>
      <source>Studio stopped before this job finished; it may still be billed.</source>
      <translation>Studio 在此任务完成前已停止；中转站可能仍会计费。</translation>
    </message>
    <message>
      <source>No connection to the relay: {0}</source>
      <translation>无法连接中转站：{0}</translation>
    </message>
  </context>
  <context>
    <name>ImageUsage</name>
    <message>
      <source>{total} tokens</source>
      <translation>{total} 个 token</translation>
    </message>
    <message>
      <source>≈ {cost}</source>
      <translation>≈ {cost}</translation>
    </message>
    <message>
      <source>{total} tokens ({tokens_in} in, {tokens_out} out)</source>
      <translation>{total} 个 token（输入 {tokens_in}，输出 {tokens_out}）</translation>
    </message>
  </context>
  <context>
    <name>ImageViewerDialog</name>
    <message>
      <source>Picture viewer</source>
      <translation>图片查看器</translation>
    </message>
    <message>
      <source>Picture</source>
      <translation>图片</translation>
    </message>
    <message>
      <source>Previous picture</source>
      <translation>上一张</translation>
    </message>
    <message>
      <source>Next picture</source>
      <translation>下一张</translation>
    </message>
    <message>
      <source>Zoom out</source>
      <translation>缩小</translation>
    </message>
    <message>
      <source>Zoom</source>
      <translation>缩放</translation>
    </message>
    <message>
      <source>Zoom in</source>
      <translation>放大</translation>
    </message>
    <message>
      <source>Fit to window</source>
      <translation>适应窗口</translation>
    </message>
    <message>
      <source>100 %</source>
      <translation>100%</translation>
    </message>
    <message>
      <source>Previous picture (←)</source>
      <translation>上一张（←）</translation>
    </message>
    <message>
      <source>Next picture (→)</source>
      <translation>下一张（→）</translation>
    </message>
    <message>
      <source>Zoom out (−)</source>
      <translation>缩小（−）</translation>
    </message>
    <message>
      <source>Zoom in (+)</source>
      <translation>放大（+）</translation>
    </message>
    <message>
      <source>Fit to window (0)</source>
      <translation>适应窗口（0）</translation>
    </message>
    <message>
      <source>Actual size, 100 % (1)</source>
      <translation>实际大小 100%（1）</translation>
    </message>
    <message>
      <source>{n} of {total}</source>
      <translation>第 {n} / {total} 张</translation>
    </message>
  </context>
  <context>
    <name>ImagesPage</name>
    <message>
      <source>Jobs</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>Clear finished</source>
      <translation>清除已结束</translation>
    </message>
    <message>
      <source>Remove the cards of finished jobs</source>
      <translation>移除已结束任务的卡片</translation>
    </message>
    <message>
      <source>Remove finished cards (the pictures stay)</source>
      <translation>移除已结束的卡片（图片会保留）</translation>
    </message>
    <message>
      <source>Model, prompt and parameters filled in</source>
      <translation>已填入模型、提示词和参数</translation>
    </message>
    <message>
      <source>Error details copied to the clipboard</source>
      <translation>错误详情已复制到剪贴板</translation>
    </message>
  </context>
  <context>
    <name>JobCard</name>
    <message>
      <source>Image job</source>
      <translation>图片任务</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <source>Time elapsed</source>
      <translation>已用时间</translation>
    </message>
    <message>
      <source>Remove this card</source>
      <translation>移除这张卡片</translation>
    </message>
    <message>
      <source>Remove this card (the pictures stay)</source>
      <translation>移除这张卡片（图片会保留）</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cancel this job</source>
      <translation>取消这个任务</translation>
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
      <source>Run this job again</source>
      <translation>重新运行这个任务</translation>
    </message>
    <message>
      <source>Start the same job again (a new run is billed)</source>
      <translation>用相同设置再运行一次（新的运行会计费）</translation>
    </message>
    <message>
      <source>The relay may still bill for this picture. Stop waiting for it?</source>
      <translation>中转站可能仍会对这张图片计费。要停止等待吗？</translation>
    </message>
    <message>
      <source>Stop waiting</source>
      <translation>停止等待</translation>
    </message>
    <message>
      <source>Confirm: cancel this job</source>
      <translation>确认取消这个任务</translation>
    </message>
    <message>
      <source>Keep waiting</source>
      <translation>继续等待</translation>
    </message>
    <message>
      <source>Keep waiting for this job</source>
      <translation>继续等待这个任务</translation>
    </message>
    <message>
      <source>Picture {n} of this job</source>
      <translation>本任务的第 {n} 张图片</translation>
    </message>
    <message>
      <source>Show it in the gallery</source>
      <translation>在图库中显示</translation>
    </message>
    <message>
      <source>Queued</source>
      <translation>排队中</translation>
    </message>
    <message>
      <source>Generating…</source>
      <translation>生成中…</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
  </context>
  <context>
    <name>JobList</name>
    <message>
      <source>Image jobs</source>
      <translation>图片任务</translation>
    </message>
    <message>
      <source>Jobs you start appear here, with their time and state.</source>
      <translation>你启动的任务会显示在这里，附带用时和状态。</translation>
    </message>
  </context>
  <context>
    <name>JsonCard</name>
    <message>
      <source>Valid JSON</source>
      <translation>有效的 JSON</translation>
    </message>
    <message>
      <source>Not valid JSON</source>
      <translation>不是有效的 JSON</translation>
    </message>
    <message>
      <source>Copy JSON</source>
      <translation>复制 JSON</translation>
    </message>
    <message>
      <source>The answer as a table</source>
      <translation>以表格显示回答</translation>
    </message>
  </context>
  <context>
    <name>JsonEdit</name>
    <message>
      <source>Write a JSON object here.</source>
      <translation>请在此填写一个 JSON 对象。</translation>
    </message>
    <message>
      <source>Not valid JSON (line {line}, column {column}): {reason}</source>
      <translation>JSON 无效（第 {line} 行，第 {column} 列）：{reason}</translation>
    </message>
    <message>
      <source>This must be a JSON object in braces: {example}</source>
      <translation>这里必须是用花括号括起来的 JSON 对象：{example}</translation>
    </message>
  </context>
  <context>
    <name>JsonProblems</name>
    <message>
      <source>The answer is empty, not JSON.</source>
      <translation>回答为空，不是 JSON。</translation>
    </message>
    <message>
      <source>The answer is text, not JSON.</source>
      <translation>回答是普通文本，不是 JSON。</translation>
    </message>
    <message>
      <source>Not valid JSON at line {line}, column {column}: {what}.</source>
      <translation>第 {line} 行第 {column} 列处不是有效的 JSON：{what}。</translation>
    </message>
    <message>
      <source>The schema itself is not a valid JSON Schema (at {where}); correct it in the Parameters drawer.</source>
      <translation>Schema 本身不是有效的 JSON Schema（位置：{where}）；请在“参数”面板中修改。</translation>
    </message>
    <message>
      <source>The JSON does not match the schema at {where}: {what}.</source>
      <translation>JSON 不符合 Schema（位置：{where}）：{what}。</translation>
    </message>
    <message>
      <source>the top level</source>
      <translation>顶层</translation>
    </message>
    <message>
      <source>a value was expected</source>
      <translation>此处应为一个值</translation>
    </message>
    <message>
      <source>a field name in double quotes was expected</source>
      <translation>此处应为用双引号括起的字段名</translation>
    </message>
    <message>
      <source>a comma was expected</source>
      <translation>此处应为逗号</translation>
    </message>
    <message>
      <source>a colon was expected</source>
      <translation>此处应为冒号</translation>
    </message>
    <message>
      <source>more text follows the JSON</source>
      <translation>JSON 之后还有多余的文字</translation>
    </message>
    <message>
      <source>a string is never closed</source>
      <translation>有一个字符串没有结束引号</translation>
    </message>
    <message>
      <source>a string holds a raw control character (such as a line break)</source>
      <translation>字符串中含有未转义的控制字符（例如换行）</translation>
    </message>
    <message>
      <source>a string holds an invalid \ escape</source>
      <translation>字符串中含有无效的 \ 转义</translation>
    </message>
    <message>
      <source>a comma is followed by nothing</source>
      <translation>逗号后面缺少内容</translation>
    </message>
    <message>
      <source>the text cannot be read as JSON</source>
      <translation>这段文字无法按 JSON 读取</translation>
    </message>
    <message>
      <source>a string</source>
      <translation>字符串</translation>
    </message>
    <message>
      <source>a number</source>
      <translation>数字</translation>
    </message>
    <message>
      <source>a whole number</source>
      <translation>整数</translation>
    </message>
    <message>
      <source>true or false</source>
      <translation>布尔值（true 或 false）</translation>
    </message>
    <message>
      <source>a list</source>
      <translation>数组</translation>
    </message>
    <message>
      <source>an object</source>
      <translation>对象</translation>
    </message>
    <message>
      <source>null</source>
      <translation>null</translation>
    </message>
    <message>
      <source> or </source>
      <translation> 或 </translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>{expected} was expected, but it is {actual}</source>
      <translation>应为{expected}，实际是{actual}</translation>
    </message>
    <message>
      <source>the required field “{name}” is missing</source>
      <translation>缺少必填字段“{name}”</translation>
    </message>
    <message>
      <source>fields the schema does not allow: {names}</source>
      <translation>有 Schema 不允许的字段：{names}</translation>
    </message>
    <message>
      <source>the value must be one of {values}</source>
      <translation>值必须是以下之一：{values}</translation>
    </message>
    <message>
      <source>the value must be {value}</source>
      <translation>值必须是 {value}</translation>
    </message>
    <message>
      <source>the number must be at least {limit}</source>
      <translation>数值不能小于 {limit}</translation>
    </message>
    <message>
      <source>the number must be at most {limit}</source>
      <translation>数值不能大于 {limit}</translation>
    </message>
    <message>
      <source>the number must be greater than {limit}</source>
      <translation>数值必须大于 {limit}</translation>
    </message>
    <message>
      <source>the number must be less than {limit}</source>
      <translation>数值必须小于 {limit}</translation>
    </message>
    <message>
      <source>the number must be a multiple of {limit}</source>
      <translation>数值必须是 {limit} 的倍数</translation>
    </message>
    <message>
      <source>the text must be at least {limit} characters long</source>
      <translation>文本至少需要 {limit} 个字符</translation>
    </message>
    <message>
      <source>the text must be at most {limit} characters long</source>
      <translation>文本最多只能有 {limit} 个字符</translation>
    </message>
    <message>
      <source>the list must have at least {limit} items</source>
      <translation>数组至少需要 {limit} 项</translation>
    </message>
    <message>
      <source>the list must have at most {limit} items</source>
      <translation>数组最多只能有 {limit} 项</translation>
    </message>
    <message>
      <source>the object must have at least {limit} fields</source>
      <translation>对象至少需要 {limit} 个字段</translation>
    </message>
    <message>
      <source>the object must have at most {limit} fields</source>
      <translation>对象最多只能有 {limit} 个字段</translation>
    </message>
    <message>
      <source>the items of the list must all be different</source>
      <translation>数组中的各项不能重复</translation>
    </message>
    <message>
      <source>the text must match the pattern {pattern}</source>
      <translation>文本必须符合模式 {pattern}</translation>
    </message>
    <message>
      <source>the text must be a valid “{format}”</source>
      <translation>文本必须是有效的“{format}”</translation>
    </message>
    <message>
      <source>the value matches none of the forms the schema allows</source>
      <translation>值不符合 Schema 允许的任何一种形式</translation>
    </message>
    <message>
      <source>the value must match exactly one of the forms the schema allows</source>
      <translation>值必须恰好符合 Schema 允许的其中一种形式</translation>
    </message>
    <message>
      <source>the value has a form the schema forbids</source>
      <translation>值的形式被 Schema 禁止</translation>
    </message>
    <message>
      <source>the value breaks the schema’s “{rule}” rule</source>
      <translation>值违反了 Schema 的“{rule}”规则</translation>
    </message>
  </context>
  <context>
    <name>JsonSheet</name>
    <message>
      <source>, </source>
      <translation>, </translation>
    </message>
    <message>
      <source>… and {count} more</source>
      <translation>……另有 {count} 项</translation>
    </message>
    <message>
      <source>No value</source>
      <translation>无值</translation>
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
      <source>Edit</source>
      <translation>编辑</translation>
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
      <source>&amp;Export this chat…</source>
      <translation>导出此对话(&amp;E)…</translation>
    </message>
    <message>
      <source>Export &amp;all chats…</source>
      <translation>导出全部对话(&amp;A)…</translation>
    </message>
    <message>
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
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
      <source>Nothing to export yet: send a message first.</source>
      <translation>还没有可导出的内容：请先发送一条消息。</translation>
    </message>
    <message>
      <source>Export chats</source>
      <translation>导出对话</translation>
    </message>
    <message>
      <source>Export this chat</source>
      <translation>导出此对话</translation>
    </message>
    <message>
      <source>Markdown (*.md);;JSON (*.json)</source>
      <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
      <source>Could not write {path}: {error}</source>
      <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
      <source>Exported to {path}</source>
      <translation>已导出到 {path}</translation>
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
    <name>MaskDocument</name>
    <message>
      <source>The mask is not a picture Studio can read.</source>
      <translation>该蒙版不是 Studio 能读取的图片。</translation>
    </message>
    <message>
      <source>Load mask</source>
      <translation>载入蒙版</translation>
    </message>
    <message>
      <source>Resize canvas</source>
      <translation>调整画布大小</translation>
    </message>
    <message>
      <source>Erase</source>
      <translation>擦除</translation>
    </message>
    <message>
      <source>Brush stroke</source>
      <translation>画笔笔触</translation>
    </message>
    <message>
      <source>Rectangle</source>
      <translation>矩形</translation>
    </message>
    <message>
      <source>Lasso</source>
      <translation>套索</translation>
    </message>
    <message>
      <source>Fill mask</source>
      <translation>填满蒙版</translation>
    </message>
    <message>
      <source>Clear mask</source>
      <translation>清除蒙版</translation>
    </message>
    <message>
      <source>Invert mask</source>
      <translation>反转蒙版</translation>
    </message>
    <message>
      <source>Grow mask</source>
      <translation>扩展蒙版</translation>
    </message>
    <message>
      <source>Shrink mask</source>
      <translation>收缩蒙版</translation>
    </message>
    <message>
      <source>Feather mask</source>
      <translation>羽化蒙版</translation>
    </message>
  </context>
  <context>
    <name>MaskToolBar</name>
    <message>
      <source>Mask tools</source>
      <translation>蒙版工具</translation>
    </message>
    <message>
      <source>Brush</source>
      <translation>画笔</translation>
    </message>
    <message>
      <source>Brush ({key}): paint the area the model may change</source>
      <translation>画笔（{key}）：涂抹允许模型修改的区域</translation>
    </message>
    <message>
      <source>Eraser</source>
      <translation>橡皮擦</translation>
    </message>
    <message>
      <source>Eraser ({key}): give painted pixels back to the picture</source>
      <translation>橡皮擦（{key}）：把涂抹的像素还给原图</translation>
    </message>
    <message>
      <source>Rectangle</source>
      <translation>矩形</translation>
    </message>
    <message>
      <source>Rectangle ({key}); Alt or the right button erases</source>
      <translation>矩形（{key}）；按住 Alt 或用右键则擦除</translation>
    </message>
    <message>
      <source>Lasso</source>
      <translation>套索</translation>
    </message>
    <message>
      <source>Lasso ({key}): draw around an area; Alt or the right button erases</source>
      <translation>套索（{key}）：圈出一个区域；按住 Alt 或用右键则擦除</translation>
    </message>
    <message>
      <source>Brush size</source>
      <translation>画笔大小</translation>
    </message>
    <message>
      <source>Brush size in picture pixels ({smaller} smaller, {bigger} bigger)</source>
      <translation>画笔大小，以图片像素计（{smaller} 缩小，{bigger} 放大）</translation>
    </message>
    <message>
      <source>Brush hardness</source>
      <translation>画笔硬度</translation>
    </message>
    <message>
      <source>Hardness: 0 % soft edge, 100 % hard edge</source>
      <translation>硬度：0 % 为柔和边缘，100 % 为硬边缘</translation>
    </message>
    <message>
      <source>Fill</source>
      <translation>填满</translation>
    </message>
    <message>
      <source>Fill: the whole picture may change</source>
      <translation>填满：整张图片都可以修改</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <source>Clear the mask: nothing may change</source>
      <translation>清除蒙版：不修改任何区域</translation>
    </message>
    <message>
      <source>Invert</source>
      <translation>反转</translation>
    </message>
    <message>
      <source>Invert the mask: painted ↔ kept</source>
      <translation>反转蒙版：涂抹区域 ↔ 保留区域</translation>
    </message>
    <message>
      <source> px</source>
      <translation> 像素</translation>
    </message>
    <message>
      <source>Grow, shrink and feather by</source>
      <translation>扩展、收缩和羽化的幅度</translation>
    </message>
    <message>
      <source>How far Grow, Shrink and Feather reach</source>
      <translation>扩展、收缩和羽化作用的距离</translation>
    </message>
    <message>
      <source>Grow</source>
      <translation>扩展</translation>
    </message>
    <message>
      <source>Grow the painted area</source>
      <translation>扩展涂抹区域</translation>
    </message>
    <message>
      <source>Shrink</source>
      <translation>收缩</translation>
    </message>
    <message>
      <source>Shrink the painted area</source>
      <translation>收缩涂抹区域</translation>
    </message>
    <message>
      <source>Feather</source>
      <translation>羽化</translation>
    </message>
    <message>
      <source>Feather: soften the mask's edge</source>
      <translation>羽化：柔化蒙版边缘</translation>
    </message>
    <message>
      <source>Show mask</source>
      <translation>显示蒙版</translation>
    </message>
    <message>
      <source>Show or hide the mask's tint</source>
      <translation>显示或隐藏蒙版的着色</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Undo ({keys})</source>
      <translation>撤销（{keys}）</translation>
    </message>
    <message>
      <source>Redo</source>
      <translation>重做</translation>
    </message>
    <message>
      <source>Redo ({keys})</source>
      <translation>重做（{keys}）</translation>
    </message>
    <message>
      <source>{size} px</source>
      <translation>{size} 像素</translation>
    </message>
  </context>
  <context>
    <name>MessageImages</name>
    <message>
      <source>Images in this message</source>
      <translation>此消息中的图片</translation>
    </message>
    <message>
      <source>image</source>
      <translation>图片</translation>
    </message>
    <message>
      <source>Open image {name}</source>
      <translation>打开图片 {name}</translation>
    </message>
    <message>
      <source>{count} images · about {tokens} tokens</source>
      <translation>{count} 张图片 · 约 {tokens} 个 token</translation>
    </message>
    <message>
      <source>The image file is not available.</source>
      <translation>图片文件已不存在。</translation>
    </message>
  </context>
  <context>
    <name>MessageView</name>
    <message>
      <source>Previous version</source>
      <translation>上一个版本</translation>
    </message>
    <message>
      <source>Next version</source>
      <translation>下一个版本</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Copy the text</source>
      <translation>复制文本</translation>
    </message>
    <message>
      <source>MD</source>
      <translation>MD</translation>
    </message>
    <message>
      <source>Copy as Markdown</source>
      <translation>复制为 Markdown</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Edit and send again (keeps the old branch)</source>
      <translation>编辑后重新发送（保留原来的分支）</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>重新生成</translation>
    </message>
    <message>
      <source>Answer again (keeps this answer as a version)</source>
      <translation>重新回答（保留此回答作为一个版本）</translation>
    </message>
    <message>
      <source>You</source>
      <translation>你</translation>
    </message>
    <message>
      <source>Tool</source>
      <translation>工具</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>助手</translation>
    </message>
    <message>
      <source>{total} tokens</source>
      <translation>{total} 个 token</translation>
    </message>
    <message>
      <source>≈ {cost}</source>
      <translation>≈ {cost}</translation>
    </message>
    <message>
      <source>{prompt} in, {completion} out, {cached} cached, {reasoning} reasoning</source>
      <translation>输入 {prompt}，输出 {completion}，缓存 {cached}，推理 {reasoning}</translation>
    </message>
    <message>
      <source>writing…</source>
      <translation>正在输出…</translation>
    </message>
    <message>
      <source>interrupted</source>
      <translation>已中断</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>The answer failed.</source>
      <translation>回答失败。</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>重试</translation>
    </message>
    <message>
      <source>Copy details</source>
      <translation>复制详情</translation>
    </message>
    <message>
      <source>The answer was interrupted; what arrived is kept.</source>
      <translation>回答被中断，已收到的内容已保留。</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>继续</translation>
    </message>
    <message>
      <source>Cut off at the max tokens limit.</source>
      <translation>已达到最大 token 数，回答被截断。</translation>
    </message>
    <message>
      <source>Blocked by the provider's content filter.</source>
      <translation>被服务商的内容过滤拦截。</translation>
    </message>
    <message>
      <source>Edited message</source>
      <translation>编辑后的消息</translation>
    </message>
    <message>
      <source>Send as new branch</source>
      <translation>作为新分支发送</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cancel editing</source>
      <translation>取消编辑</translation>
    </message>
  </context>
  <context>
    <name>MetadataPanel</name>
    <message>
      <source>Prompt</source>
      <translation>提示词</translation>
    </message>
    <message>
      <source>Revised prompt</source>
      <translation>改写后的提示词</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>尺寸</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>种子</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Usage</source>
      <translation>用量</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>创建时间</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Copy {field}</source>
      <translation>复制{field}</translation>
    </message>
  </context>
  <context>
    <name>MimeSources</name>
    <message>
      <source>pasted image</source>
      <translation>粘贴的图片</translation>
    </message>
  </context>
  <context>
    <name>ModelsTab</name>
    <message>
      <source>Default model</source>
      <translation>默认模型</translation>
    </message>
    <message>
      <source>Type a name, or use Fetch models on the Connection tab to fill the list.</source>
      <translation>可直接输入名称，或在“连接”页点击“获取模型”填充列表。</translation>
    </message>
    <message>
      <source>Field name for several images</source>
      <translation>多图上传的字段名</translation>
    </message>
    <message>
      <source>image[] (OpenAI style)</source>
      <translation>image[]（OpenAI 风格）</translation>
    </message>
    <message>
      <source>image (repeated field, many relays)</source>
      <translation>image（重复字段，多数中转站）</translation>
    </message>
    <message>
      <source>How image edits send several pictures; check your relay's documentation.</source>
      <translation>图片编辑上传多张图片时使用的字段名，请查阅中转站文档。</translation>
    </message>
    <message>
      <source>Models that accept images</source>
      <translation>支持图片输入的模型</translation>
    </message>
    <message>
      <source>One model per line, e.g. gpt-4o</source>
      <translation>每行一个模型，例如 gpt-4o</translation>
    </message>
    <message>
      <source>Image models served through chat</source>
      <translation>通过对话接口提供的图片模型</translation>
    </message>
    <message>
      <source>One model per line, e.g. nano-banana</source>
      <translation>每行一个模型，例如 nano-banana</translation>
    </message>
    <message>
      <source>Image models this relay serves through /v1/chat/completions rather than /v1/images/edits; check your relay's documentation.</source>
      <translation>此中转站通过 /v1/chat/completions（而不是 /v1/images/edits）提供的图片模型；请查看中转站的文档。</translation>
    </message>
    <message>
      <source>Vision models</source>
      <translation>视觉模型</translation>
    </message>
    <message>
      <source>Multi-image field</source>
      <translation>多图字段</translation>
    </message>
    <message>
      <source>Image models via chat</source>
      <translation>经对话接口的图片模型</translation>
    </message>
    <message>
      <source>Prices</source>
      <translation>价格</translation>
    </message>
  </context>
  <context>
    <name>NetworkTab</name>
    <message>
      <source>Proxy</source>
      <translation>代理</translation>
    </message>
    <message>
      <source>Use the system proxy</source>
      <translation>使用系统代理</translation>
    </message>
    <message>
      <source>No proxy (direct connection)</source>
      <translation>不使用代理（直连）</translation>
    </message>
    <message>
      <source>Custom proxy</source>
      <translation>自定义代理</translation>
    </message>
    <message>
      <source>Proxy address</source>
      <translation>代理地址</translation>
    </message>
    <message>
      <source>http://127.0.0.1:7890 or socks5://host:1080</source>
      <translation>http://127.0.0.1:7890 或 socks5://host:1080</translation>
    </message>
    <message>
      <source>Proxy address problem</source>
      <translation>代理地址问题</translation>
    </message>
    <message>
      <source>Connection timeout in seconds</source>
      <translation>连接超时（秒）</translation>
    </message>
    <message>
      <source>Stream idle timeout in seconds</source>
      <translation>流式空闲超时（秒）</translation>
    </message>
    <message>
      <source>Image timeout in seconds</source>
      <translation>图片超时（秒）</translation>
    </message>
    <message>
      <source>Image jobs at the same time</source>
      <translation>同时进行的图像任务数</translation>
    </message>
    <message>
      <source>Timeouts</source>
      <translation>超时</translation>
    </message>
    <message>
      <source>Connect</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>Stream idle</source>
      <translation>流式空闲</translation>
    </message>
    <message>
      <source>Image</source>
      <translation>图片</translation>
    </message>
    <message>
      <source>Stream idle is the longest silence allowed while an answer streams; image generation can take minutes on busy relays.</source>
      <translation>“流式空闲”是回答流式输出时允许的最长无响应时间；中转站繁忙时，生成图片可能需要几分钟。</translation>
    </message>
    <message>
      <source>Image studio</source>
      <translation>图像工作室</translation>
    </message>
    <message>
      <source>Jobs at once</source>
      <translation>同时任务数</translation>
    </message>
    <message>
      <source>How many pictures this relay generates at the same time; further jobs wait in the queue.</source>
      <translation>此中转同时生成图片的任务数；其余任务排队等待。</translation>
    </message>
    <message>
      <source> s</source>
      <translation> 秒</translation>
    </message>
    <message>
      <source>Follows the proxy set in your system or HTTPS_PROXY.</source>
      <translation>使用系统或 HTTPS_PROXY 中设置的代理。</translation>
    </message>
    <message>
      <source>Connects directly, ignoring any system proxy.</source>
      <translation>直接连接，忽略系统代理。</translation>
    </message>
    <message>
      <source>http, https, socks5 and socks5h proxies are supported.</source>
      <translation>支持 http、https、socks5 和 socks5h 代理。</translation>
    </message>
  </context>
  <context>
    <name>PageImages</name>
    <message>
      <source>Images cannot be attached here.</source>
      <translation>此处无法附加图片。</translation>
    </message>
    <message>
      <source>{model} is not marked as accepting images: it may ignore or refuse them. Send anyway, pick a vision model, or mark it in Settings → Models.</source>
      <translation>{model} 未标记为支持图片：它可能会忽略或拒绝图片。你仍可发送，或改选识图模型，或在“设置 → 模型”中标记它。</translation>
    </message>
    <message>
      <source>Attach images</source>
      <translation>附加图片</translation>
    </message>
    <message>
      <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.heic *.heif *.avif);;All files (*)</source>
      <translation>图片 (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.heic *.heif *.avif);;所有文件 (*)</translation>
    </message>
  </context>
  <context>
    <name>ParamNames</name>
    <message>
      <source>size</source>
      <translation>尺寸</translation>
    </message>
    <message>
      <source>n</source>
      <translation>图片数量</translation>
    </message>
    <message>
      <source>seed</source>
      <translation>种子</translation>
    </message>
    <message>
      <source>quality</source>
      <translation>质量</translation>
    </message>
    <message>
      <source>style</source>
      <translation>风格</translation>
    </message>
    <message>
      <source>background</source>
      <translation>背景</translation>
    </message>
    <message>
      <source>output_format</source>
      <translation>输出格式</translation>
    </message>
    <message>
      <source>output_compression</source>
      <translation>压缩率</translation>
    </message>
    <message>
      <source>moderation</source>
      <translation>内容审核</translation>
    </message>
    <message>
      <source>aspect_ratio</source>
      <translation>宽高比</translation>
    </message>
    <message>
      <source>image_size</source>
      <translation>分辨率</translation>
    </message>
    <message>
      <source>response_format</source>
      <translation>返回格式</translation>
    </message>
    <message>
      <source>negative_prompt</source>
      <translation>反向提示词</translation>
    </message>
    <message>
      <source>extra</source>
      <translation>附加字段</translation>
    </message>
  </context>
  <context>
    <name>ParamRow</name>
    <message>
      <source>Set {parameter}</source>
      <translation>设置{parameter}</translation>
    </message>
    <message>
      <source>Switched off, the model's own default is used.</source>
      <translation>关闭时使用模型自己的默认值。</translation>
    </message>
    <message>
      <source>Model default</source>
      <translation>模型默认</translation>
    </message>
    <message>
      <source>{parameter} value</source>
      <translation>{parameter}的值</translation>
    </message>
    <message>
      <source>Enter a whole number as the seed, or switch it off.</source>
      <translation>请输入整数作为随机种子，或将其关闭。</translation>
    </message>
    <message>
      <source>The seed is too large: at most 19 digits (up to {high}).</source>
      <translation>随机种子太大：最多 19 位数字（不超过 {high}）。</translation>
    </message>
  </context>
  <context>
    <name>ParameterForm</name>
    <message>
      <source>Shape</source>
      <translation>画面形状</translation>
    </message>
  </context>
  <context>
    <name>ParamsPanel</name>
    <message>
      <source>Open a conversation to change its settings.</source>
      <translation>打开一个对话后即可修改它的设置。</translation>
    </message>
    <message>
      <source>Conversation settings</source>
      <translation>对话设置</translation>
    </message>
    <message>
      <source>Reset to defaults</source>
      <translation>恢复默认</translation>
    </message>
    <message>
      <source>Reset the parameters to the defaults</source>
      <translation>将参数恢复为默认值</translation>
    </message>
    <message>
      <source>Leave every parameter to the model, clear the extra body and turn structured output off. The system prompt is kept.</source>
      <translation>所有参数改用模型默认值，清空额外请求体，并关闭结构化输出。系统提示词保持不变。</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>系统提示词</translation>
    </message>
    <message>
      <source>For example: You are a concise assistant. Answer in Chinese.</source>
      <translation>例如：你是一个简洁的助手，请用中文回答。</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Switched-off parameters are left to the model.</source>
      <translation>未勾选的参数由模型自行决定。</translation>
    </message>
    <message>
      <source>Temperature</source>
      <translation>温度</translation>
    </message>
    <message>
      <source>Higher values give more varied answers, lower values more focused ones.</source>
      <translation>数值越高回答越多样，越低越集中、稳定。</translation>
    </message>
    <message>
      <source>Top P</source>
      <translation>Top P</translation>
    </message>
    <message>
      <source>Sample only from the most likely words that add up to this share.</source>
      <translation>只从累计概率达到该比例的最可能词中采样。</translation>
    </message>
    <message>
      <source>Max tokens</source>
      <translation>最大 Token 数</translation>
    </message>
    <message>
      <source>The longest answer, in tokens; a longer one is cut off.</source>
      <translation>回答的最大长度（以 Token 计），超出部分会被截断。</translation>
    </message>
    <message>
      <source>Presence penalty</source>
      <translation>存在惩罚</translation>
    </message>
    <message>
      <source>Positive values push the model towards new topics.</source>
      <translation>正值会促使模型谈论新的话题。</translation>
    </message>
    <message>
      <source>Frequency penalty</source>
      <translation>频率惩罚</translation>
    </message>
    <message>
      <source>Positive values make the model repeat itself less.</source>
      <translation>正值会让模型减少重复。</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>The same seed and settings give similar answers, where supported.</source>
      <translation>在支持的模型上，相同的种子和设置会得到相近的回答。</translation>
    </message>
    <message>
      <source>Extra body (JSON)</source>
      <translation>额外请求体（JSON）</translation>
    </message>
    <message>
      <source>Extra body as a JSON object</source>
      <translation>以 JSON 对象表示的额外请求体</translation>
    </message>
    <message>
      <source>Fields added to the request as they are, for relay-specific options.</source>
      <translation>这些字段会原样加入请求，用于中转站特有的选项。</translation>
    </message>
    <message>
      <source>Structured output</source>
      <translation>结构化输出</translation>
    </message>
    <message>
      <source>Structured output mode</source>
      <translation>结构化输出模式</translation>
    </message>
    <message>
      <source>Off</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>JSON object</source>
      <translation>JSON 对象</translation>
    </message>
    <message>
      <source>JSON schema</source>
      <translation>JSON Schema</translation>
    </message>
    <message>
      <source>This relay refused JSON schema mode, so the schema is sent in the system prompt instead.</source>
      <translation>该中转站不支持 JSON Schema 模式，因此改为在系统提示词中发送该 Schema。</translation>
    </message>
    <message>
      <source>Extra body not saved: {error}</source>
      <translation>额外请求体未保存：{error}</translation>
    </message>
    <message>
      <source>The model answers in free text.</source>
      <translation>模型以自由文本回答。</translation>
    </message>
    <message>
      <source>The model replies with one JSON object; describe the fields you want in the system prompt.</source>
      <translation>模型只回复一个 JSON 对象；请在系统提示词中说明需要哪些字段。</translation>
    </message>
    <message>
      <source>The answer must match this schema; Studio checks it when it arrives.</source>
      <translation>回答必须符合此 Schema；Studio 会在收到回答时进行校验。</translation>
    </message>
  </context>
  <context>
    <name>PriceDelegate</name>
    <message>
      <source>Price per million tokens</source>
      <translation>每百万 token 价格</translation>
    </message>
  </context>
  <context>
    <name>PricesTable</name>
    <message>
      <source>Prices per model</source>
      <translation>各模型价格</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Input / 1M tokens</source>
      <translation>输入 / 百万 token</translation>
    </message>
    <message>
      <source>Output / 1M tokens</source>
      <translation>输出 / 百万 token</translation>
    </message>
    <message>
      <source>Add price</source>
      <translation>添加价格</translation>
    </message>
    <message>
      <source>Add a model price</source>
      <translation>添加模型价格</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>Remove the selected price</source>
      <translation>移除所选价格</translation>
    </message>
    <message>
      <source>Optional. In the currency your relay bills in; used to show what each conversation cost.</source>
      <translation>可选。按中转站的计费货币填写，用于显示每次对话的花费。</translation>
    </message>
  </context>
  <context>
    <name>ProbePanel</name>
    <message>
      <source>Test connection</source>
      <translation>测试连接</translation>
    </message>
    <message>
      <source>Fetch models</source>
      <translation>获取模型</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cancel the connection test</source>
      <translation>取消连接测试</translation>
    </message>
    <message>
      <source>Connection test in progress</source>
      <translation>正在测试连接</translation>
    </message>
    <message>
      <source>Connection test result</source>
      <translation>连接测试结果</translation>
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
      <source>Ask the relay for its model list with these settings</source>
      <translation>用当前设置向中转站请求模型列表</translation>
    </message>
    <message>
      <source>Fill the model lists from the relay</source>
      <translation>从中转站获取并填充模型列表</translation>
    </message>
    <message>
      <source>Fetching models… {seconds} s</source>
      <translation>正在获取模型… {seconds} 秒</translation>
    </message>
    <message>
      <source>Testing the connection… {seconds} s</source>
      <translation>正在测试连接… {seconds} 秒</translation>
    </message>
  </context>
  <context>
    <name>ProviderForm</name>
    <message>
      <source>Provider settings</source>
      <translation>服务商设置</translation>
    </message>
    <message>
      <source>Connection</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>Models</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Network</source>
      <translation>网络</translation>
    </message>
    <message>
      <source>Headers</source>
      <translation>请求头</translation>
    </message>
  </context>
  <context>
    <name>ProviderNames</name>
    <message>
      <source>WhatAI relay</source>
      <translation>WhatAI 中转站</translation>
    </message>
    <message>
      <source>llama.cpp server</source>
      <translation>llama.cpp 服务器</translation>
    </message>
    <message>
      <source>Demo relay (offline)</source>
      <translation>演示中转站（离线）</translation>
    </message>
  </context>
  <context>
    <name>ProvidersPage</name>
    <message>
      <source>Providers</source>
      <translation>服务商</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>Add a provider</source>
      <translation>添加服务商</translation>
    </message>
    <message>
      <source>Add a provider from a preset or a custom one</source>
      <translation>从预设添加服务商，或添加自定义服务商</translation>
    </message>
    <message>
      <source>Custom provider…</source>
      <translation>自定义服务商…</translation>
    </message>
    <message>
      <source>Duplicate</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Duplicate the provider</source>
      <translation>复制此服务商</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>Remove the provider</source>
      <translation>移除此服务商</translation>
    </message>
    <message>
      <source>Use this provider</source>
      <translation>使用此服务商</translation>
    </message>
    <message>
      <source>Make this the provider Studio talks to</source>
      <translation>让 Studio 使用此服务商</translation>
    </message>
    <message>
      <source>marks the provider Studio uses.</source>
      <translation>表示 Studio 正在使用的服务商。</translation>
    </message>
    <message>
      <source>New provider</source>
      <translation>新服务商</translation>
    </message>
    <message>
      <source>(unnamed)</source>
      <translation>（未命名）</translation>
    </message>
    <message>
      <source>{name}, in use</source>
      <translation>{name}，使用中</translation>
    </message>
    <message>
      <source>In use: {url}</source>
      <translation>使用中：{url}</translation>
    </message>
    <message>
      <source>In use</source>
      <translation>使用中</translation>
    </message>
    <message>
      <source>{name} (copy)</source>
      <translation>{name}（副本）</translation>
    </message>
    <message>
      <source>Remove provider</source>
      <translation>移除服务商</translation>
    </message>
    <message>
      <source>Remove “{name}” and its stored key? This cannot be undone.</source>
      <translation>要移除“{name}”及其保存的密钥吗？此操作无法撤销。</translation>
    </message>
    <message>
      <source>Keep</source>
      <translation>保留</translation>
    </message>
    <message>
      <source>Keep the provider</source>
      <translation>保留此服务商</translation>
    </message>
  </context>
  <context>
    <name>ReferenceTray</name>
    <message>
      <source>Reference images</source>
      <translation>参考图片</translation>
    </message>
    <message>
      <source>References</source>
      <translation>参考图</translation>
    </message>
    <message>
      <source>Add image…</source>
      <translation>添加图片…</translation>
    </message>
    <message>
      <source>Add a reference picture from a file</source>
      <translation>从文件添加一张参考图</translation>
    </message>
    <message>
      <source>+
Drop or
paste</source>
      <translation>+
拖入或
粘贴</translation>
    </message>
    <message>
      <source>{number} · base (the mask applies here)</source>
      <translation>{number} · 底图（蒙版作用于此）</translation>
    </message>
    <message>
      <source>{number} · base</source>
      <translation>{number} · 底图</translation>
    </message>
    <message>
      <source>the mask applies here</source>
      <translation>蒙版作用于此</translation>
    </message>
    <message>
      <source>not sent</source>
      <translation>不会发送</translation>
    </message>
    <message>
      <source>Reference {number}</source>
      <translation>参考图 {number}</translation>
    </message>
    <message>
      <source>{count} / {limit}</source>
      <translation>{count} / {limit}</translation>
    </message>
    <message>
      <source>{count} pictures in the tray; {model} takes up to {limit}</source>
      <translation>栏中有 {count} 张图片；{model} 最多接受 {limit} 张</translation>
    </message>
    <message>
      <source>this model</source>
      <translation>此模型</translation>
    </message>
    <message>
      <source>This model</source>
      <translation>此模型</translation>
    </message>
    <message>
      <source>Slot {first} won't be sent: {model} takes up to {limit} images.</source>
      <translation>第 {first} 格不会发送：{model} 最多接受 {limit} 张图片。</translation>
    </message>
    <message>
      <source>Slots {first}–{last} won't be sent: {model} takes up to {limit} images.</source>
      <translation>第 {first}–{last} 格不会发送：{model} 最多接受 {limit} 张图片。</translation>
    </message>
    <message>
      <source>{model} takes only the base image; references are not sent.</source>
      <translation>{model} 只接受底图，参考图不会发送。</translation>
    </message>
    <message>
      <source>The tray is full: {model} takes up to {limit} images.</source>
      <translation>已满：{model} 最多接受 {limit} 张图片。</translation>
    </message>
    <message>
      <source>Drop or paste pictures to add references; they are sent in this order.</source>
      <translation>拖入或粘贴图片即可添加参考图；按此顺序发送。</translation>
    </message>
    <message>
      <source>Add a reference: click, drop a picture or press Ctrl+V</source>
      <translation>添加参考图：点击、拖入图片或按 Ctrl+V</translation>
    </message>
    <message>
      <source>Add a reference</source>
      <translation>添加参考图</translation>
    </message>
  </context>
  <context>
    <name>RoundPanel</name>
    <message>
      <source>Edit model</source>
      <translation>编辑模型</translation>
    </message>
    <message>
      <source>Describe the change</source>
      <translation>描述要做的修改</translation>
    </message>
    <message>
      <source>What should the painted area become? (Ctrl+Enter applies)</source>
      <translation>涂抹的区域应该变成什么？（Ctrl+Enter 应用）</translation>
    </message>
    <message>
      <source>Keep everything outside the mask</source>
      <translation>保留蒙版外的一切</translation>
    </message>
    <message>
      <source>After the result arrives, paste the original back outside the mask, with a soft seam. The unblended result is kept too.</source>
      <translation>结果返回后，把蒙版外的原图贴回，接缝处柔和过渡。未融合的结果也会保留。</translation>
    </message>
    <message>
      <source>Seam width in pixels</source>
      <translation>接缝宽度（像素）</translation>
    </message>
    <message>
      <source> px</source>
      <translation> 像素</translation>
    </message>
    <message>
      <source>Apply edit</source>
      <translation>应用编辑</translation>
    </message>
    <message>
      <source>Send the picture, the mask and the prompt (Ctrl+Enter)</source>
      <translation>发送图片、蒙版和提示词（Ctrl+Enter）</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Seam</source>
      <translation>接缝</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>正在发送…</translation>
    </message>
    <message>
      <source>{activity} {seconds} s</source>
      <translation>{activity} {seconds} 秒</translation>
    </message>
    <message>
      <source>This model cannot edit pictures.</source>
      <translation>此模型不能编辑图片。</translation>
    </message>
    <message>
      <source>Follows the mask: only the painted area changes.</source>
      <translation>遵循蒙版：只有涂抹的区域会改变。</translation>
    </message>
    <message>
      <source>Treats the mask as a hint and may change the whole picture; with “Keep everything outside the mask”, Studio puts the original back outside it.</source>
      <translation>把蒙版当作提示，可能改变整张图片；勾选“保留蒙版外的一切”后，Studio 会把蒙版外的原图贴回。</translation>
    </message>
    <message>
      <source>Takes no mask: the prompt alone says what to change. With “Keep everything outside the mask”, Studio pastes the original back outside what you paint.</source>
      <translation>不接受蒙版：只由提示词决定修改什么。勾选“保留蒙版外的一切”后，Studio 会把你涂抹区域以外的原图贴回。</translation>
    </message>
    <message>
      <source>Up to {count} pictures (the base and references).</source>
      <translation>最多 {count} 张图片（底图和参考图）。</translation>
    </message>
    <message>
      <source> Sent as a chat message.</source>
      <translation> 以对话消息发送。</translation>
    </message>
  </context>
  <context>
    <name>SchemaEditor</name>
    <message>
      <source>Not a valid JSON Schema at {where}: {reason}</source>
      <translation>不是有效的 JSON Schema（位置 {where}）：{reason}</translation>
    </message>
    <message>
      <source>Schema name</source>
      <translation>Schema 名称</translation>
    </message>
    <message>
      <source>Sent to the relay with the schema: letters, digits, “_” or “-”</source>
      <translation>与 Schema 一起发送给中转站：只能包含字母、数字、“_” 或 “-”</translation>
    </message>
    <message>
      <source>How to edit the schema</source>
      <translation>Schema 的编辑方式</translation>
    </message>
    <message>
      <source>Fields</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>JSON Schema</source>
      <translation>JSON Schema</translation>
    </message>
    <message>
      <source>Build a flat object from a list of fields</source>
      <translation>用字段列表构建一个扁平对象</translation>
    </message>
    <message>
      <source>Write any JSON Schema (draft 2020-12)</source>
      <translation>直接编写任意 JSON Schema（draft 2020-12）</translation>
    </message>
    <message>
      <source>Fields of the answer</source>
      <translation>回答中的字段</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>必填</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>Field columns</source>
      <translation>字段列</translation>
    </message>
    <message>
      <source>Field rows</source>
      <translation>字段行</translation>
    </message>
    <message>
      <source>Add field</source>
      <translation>添加字段</translation>
    </message>
    <message>
      <source>Add a field</source>
      <translation>添加一个字段</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Remove the selected field</source>
      <translation>删除选中的字段</translation>
    </message>
    <message>
      <source>This schema uses more than the field list can show. Edit it in the JSON Schema tab; editing the fields here would replace it.</source>
      <translation>此 Schema 使用了字段列表无法表示的内容。请在 “JSON Schema” 标签页中编辑；在这里修改字段会替换掉它。</translation>
    </message>
    <message>
      <source>Add fields, or write a JSON Schema, to use schema mode.</source>
      <translation>请添加字段或编写 JSON Schema，才能使用 Schema 模式。</translation>
    </message>
    <message>
      <source>The answer must contain this field</source>
      <translation>回答中必须包含此字段</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>文本</translation>
    </message>
    <message>
      <source>A number (may have decimals)</source>
      <translation>数字（可带小数）</translation>
    </message>
    <message>
      <source>A whole number</source>
      <translation>整数</translation>
    </message>
    <message>
      <source>true or false</source>
      <translation>true 或 false</translation>
    </message>
    <message>
      <source>A list of texts</source>
      <translation>文本列表</translation>
    </message>
    <message>
      <source>A nested object</source>
      <translation>嵌套对象</translation>
    </message>
    <message>
      <source>Type of field {number}</source>
      <translation>第 {number} 个字段的类型</translation>
    </message>
    <message>
      <source>Add at least one field.</source>
      <translation>请至少添加一个字段。</translation>
    </message>
    <message>
      <source>Field {number} needs a name.</source>
      <translation>第 {number} 个字段需要名称。</translation>
    </message>
    <message>
      <source>The field name “{name}” is used twice.</source>
      <translation>字段名 “{name}” 重复了。</translation>
    </message>
    <message>
      <source>The schema name may only use letters, digits, “_” or “-” (up to 64).</source>
      <translation>Schema 名称只能包含字母、数字、“_” 或 “-”（最多 64 个字符）。</translation>
    </message>
  </context>
  <context>
    <name>SeedEditor</name>
    <message>
      <source>Random</source>
      <translation>随机</translation>
    </message>
    <message>
      <source>Random seed for each run</source>
      <translation>每次运行使用随机种子</translation>
    </message>
    <message>
      <source>Draw a new seed for every run</source>
      <translation>每次运行都抽取一个新种子</translation>
    </message>
    <message>
      <source>Roll a new seed</source>
      <translation>掷一个新种子</translation>
    </message>
    <message>
      <source>Roll a new seed and keep it</source>
      <translation>掷一个新种子并固定下来</translation>
    </message>
  </context>
  <context>
    <name>SessionsEmptyState</name>
    <message>
      <source>Edit a picture</source>
      <translation>编辑一张图片</translation>
    </message>
    <message>
      <source>Drop an image here, open a file, or paste one with Ctrl+V. In the gallery, the wand on a picture opens it here too.

Paint a mask over what should change, describe the change, and every result is kept as a version you can compare and continue from.</source>
      <translation>把图片拖到这里、打开文件，或按 Ctrl+V 粘贴。在图库中，点图片上的魔术棒也会在这里打开它。

在要修改的地方涂上蒙版，描述想要的改动；每个结果都会保存为一个版本，可以对比，也可以从它继续。</translation>
    </message>
    <message>
      <source>Open a file…</source>
      <translation>打开文件…</translation>
    </message>
    <message>
      <source>Paste image</source>
      <translation>粘贴图片</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Settings pages</source>
      <translation>设置页面</translation>
    </message>
    <message>
      <source>Providers</source>
      <translation>服务商</translation>
    </message>
    <message>
      <source>Appearance</source>
      <translation>外观</translation>
    </message>
    <message>
      <source>Chat</source>
      <translation>对话</translation>
    </message>
    <message>
      <source>Assistants</source>
      <translation>助手</translation>
    </message>
    <message>
      <source>Why the settings cannot be saved</source>
      <translation>设置无法保存的原因</translation>
    </message>
    <message>
      <source>Show me</source>
      <translation>去修改</translation>
    </message>
    <message>
      <source>Show the field to fix</source>
      <translation>跳转到需要修改的位置</translation>
    </message>
    <message>
      <source>Save and close</source>
      <translation>保存并关闭</translation>
    </message>
    <message>
      <source>Close without saving</source>
      <translation>关闭且不保存</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Could not save the settings: {error}</source>
      <translation>无法保存设置：{error}</translation>
    </message>
    <message>
      <source>{provider}: {problem}</source>
      <translation>{provider}：{problem}</translation>
    </message>
    <message>
      <source>An assistant has no name: give it one.</source>
      <translation>有一个助手没有名称，请为它命名。</translation>
    </message>
    <message>
      <source>The assistant name “{name}” is too long: {limit} characters at most.</source>
      <translation>助手名称“{name}”太长：最多 {limit} 个字符。</translation>
    </message>
    <message>
      <source>Two assistants are called “{name}”: give each its own name.</source>
      <translation>有两个助手都叫“{name}”，请给它们各起一个名称。</translation>
    </message>
    <message>
      <source>Assistant “{name}”: {problem}</source>
      <translation>助手“{name}”：{problem}</translation>
    </message>
  </context>
  <context>
    <name>SettingsProblems</name>
    <message>
      <source>Give the provider a name.</source>
      <translation>请为服务商填写名称。</translation>
    </message>
    <message>
      <source>Enter the base URL, such as https://api.example.com/v1.</source>
      <translation>请填写 接口地址，例如 https://api.example.com/v1。</translation>
    </message>
    <message>
      <source>Not a valid address: enter it as https://host or https://host/v1.</source>
      <translation>地址无效：请填写为 https://host 或 https://host/v1。</translation>
    </message>
    <message>
      <source>Enter the proxy address, such as http://127.0.0.1:7890.</source>
      <translation>请填写代理地址，例如 http://127.0.0.1:7890。</translation>
    </message>
    <message>
      <source>The proxy address must start with http://, https://, socks5:// or socks5h://.</source>
      <translation>代理地址必须以 http://、https://、socks5:// 或 socks5h:// 开头。</translation>
    </message>
    <message>
      <source>The proxy address has no host name.</source>
      <translation>代理地址缺少主机名。</translation>
    </message>
    <message>
      <source>The proxy port must be a number from 1 to 65535.</source>
      <translation>代理端口必须是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
      <source>The header “{name}” carries a credential: put the key in the API key field instead (it is kept in the keyring, not in the settings file).</source>
      <translation>请求头“{name}”包含凭据：请把密钥填在 API 密钥输入框中（密钥保存在密钥环里，不会写入设置文件）。</translation>
    </message>
    <message>
      <source>“{name}” is not a valid header name: use letters, digits and dashes.</source>
      <translation>“{name}”不是有效的请求头名称：请使用字母、数字和连字符。</translation>
    </message>
    <message>
      <source>The value of the header “{name}” must be on one line.</source>
      <translation>请求头“{name}”的值必须在一行内。</translation>
    </message>
  </context>
  <context>
    <name>SettingsSession</name>
    <message>
      <source>The base URL is not valid. Enter it as https://host or https://host/v1.</source>
      <translation>接口地址无效。请填写为 https://host 或 https://host/v1。</translation>
    </message>
    <message>
      <source>Connected: {count} models at {endpoint}</source>
      <translation>连接成功：{endpoint} 提供 {count} 个模型</translation>
    </message>
  </context>
  <context>
    <name>ShapeChoice</name>
    <message>
      <source>Exact size</source>
      <translation>精确尺寸</translation>
    </message>
    <message>
      <source>Set the picture's size in pixels</source>
      <translation>以像素设定图片尺寸</translation>
    </message>
    <message>
      <source>Aspect ratio</source>
      <translation>宽高比</translation>
    </message>
    <message>
      <source>Set only the aspect ratio; the relay picks the pixels</source>
      <translation>只设定宽高比，像素由中转站决定</translation>
    </message>
  </context>
  <context>
    <name>Shortcuts</name>
    <message>
      <source>New chat</source>
      <translation>新对话</translation>
    </message>
    <message>
      <source>Search all chats</source>
      <translation>搜索全部对话</translation>
    </message>
    <message>
      <source>Export this chat</source>
      <translation>导出此对话</translation>
    </message>
    <message>
      <source>Stop the answer</source>
      <translation>停止回答</translation>
    </message>
    <message>
      <source>Go to Chat</source>
      <translation>转到对话</translation>
    </message>
    <message>
      <source>Go to Images</source>
      <translation>转到图像</translation>
    </message>
    <message>
      <source>Go to Edit</source>
      <translation>转到编辑</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>This list of shortcuts</source>
      <translation>本快捷键列表</translation>
    </message>
    <message>
      <source>Quit Studio</source>
      <translation>退出 Studio</translation>
    </message>
    <message>
      <source>Generate</source>
      <translation>生成</translation>
    </message>
    <message>
      <source>Earlier and later prompts (in the prompt)</source>
      <translation>之前和之后的提示词（在提示词框中）</translation>
    </message>
    <message>
      <source>Brush</source>
      <translation>画笔</translation>
    </message>
    <message>
      <source>Eraser</source>
      <translation>橡皮擦</translation>
    </message>
    <message>
      <source>Rectangle</source>
      <translation>矩形</translation>
    </message>
    <message>
      <source>Lasso</source>
      <translation>套索</translation>
    </message>
    <message>
      <source>Smaller, larger brush</source>
      <translation>缩小、放大画笔</translation>
    </message>
    <message>
      <source>Undo a stroke</source>
      <translation>撤销一笔</translation>
    </message>
    <message>
      <source>Redo</source>
      <translation>重做</translation>
    </message>
    <message>
      <source>Fit the picture</source>
      <translation>适应窗口</translation>
    </message>
    <message>
      <source>Actual size (100 %)</source>
      <translation>实际大小（100%）</translation>
    </message>
    <message>
      <source>Hold to pan</source>
      <translation>按住以平移</translation>
    </message>
    <message>
      <source>Paste a picture: a new session</source>
      <translation>粘贴图片：新建会话</translation>
    </message>
    <message>
      <source>Send the message</source>
      <translation>发送消息</translation>
    </message>
    <message>
      <source>New line</source>
      <translation>换行</translation>
    </message>
    <message>
      <source>Everywhere</source>
      <translation>全局</translation>
    </message>
    <message>
      <source>Message box</source>
      <translation>消息框</translation>
    </message>
    <message>
      <source>Images: the prompt</source>
      <translation>图像：提示词框</translation>
    </message>
    <message>
      <source>Edit: the picture</source>
      <translation>编辑：画布</translation>
    </message>
  </context>
  <context>
    <name>ShortcutsDialog</name>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>键盘快捷键</translation>
    </message>
  </context>
  <context>
    <name>SizeEditor</name>
    <message>
      <source>Width</source>
      <translation>宽度</translation>
    </message>
    <message>
      <source>Height</source>
      <translation>高度</translation>
    </message>
    <message>
      <source>Size {size}</source>
      <translation>尺寸 {size}</translation>
    </message>
    <message>
      <source>Over {pixels} pixels: the provider calls sizes this large experimental.</source>
      <translation>超过 {pixels} 像素：服务商称这么大的尺寸为实验性。</translation>
    </message>
    <message>
      <source>Width and height must be multiples of {step}; the nearest size that fits is {size}.</source>
      <translation>宽和高都必须是 {step} 的倍数；最接近的可用尺寸是 {size}。</translation>
    </message>
    <message>
      <source>Width and height must be multiples of {step}.</source>
      <translation>宽和高都必须是 {step} 的倍数。</translation>
    </message>
    <message>
      <source>Neither side may be longer than {edge} px.</source>
      <translation>任何一边都不能超过 {edge} 像素。</translation>
    </message>
    <message>
      <source>The longer side may be at most {ratio} times the shorter one (from 1:{ratio} to {ratio}:1).</source>
      <translation>长边最多是短边的 {ratio} 倍（从 1:{ratio} 到 {ratio}:1）。</translation>
    </message>
    <message>
      <source>Too small: width × height must be at least {pixels} pixels.</source>
      <translation>尺寸太小：宽 × 高至少要有 {pixels} 像素。</translation>
    </message>
    <message>
      <source>Too large: width × height may be at most {pixels} pixels.</source>
      <translation>尺寸太大：宽 × 高最多 {pixels} 像素。</translation>
    </message>
  </context>
  <context>
    <name>StatusLine</name>
    <message>
      <source>Saved</source>
      <translation>已保存</translation>
    </message>
  </context>
  <context>
    <name>ThinkingBox</name>
    <message>
      <source>Show or hide the model's thinking</source>
      <translation>显示或隐藏模型的思考过程</translation>
    </message>
    <message>
      <source>Thinking…</source>
      <translation>思考中…</translation>
    </message>
    <message>
      <source>Thought process</source>
      <translation>思考过程</translation>
    </message>
    <message>
      <source>{label} ({count} characters)</source>
      <translation>{label}（{count} 个字符）</translation>
    </message>
  </context>
  <context>
    <name>ToolCallCard</name>
    <message>
      <source>Calls function {name}</source>
      <translation>调用函数 {name}</translation>
    </message>
    <message>
      <source>Run it yourself and paste the result (JSON or text):</source>
      <translation>请自行执行并粘贴结果（JSON 或文本）：</translation>
    </message>
    <message>
      <source>Result of {name}</source>
      <translation>{name} 的结果</translation>
    </message>
    <message>
      <source>Send result</source>
      <translation>发送结果</translation>
    </message>
    <message>
      <source>Not JSON ({error}); it will be sent as text.</source>
      <translation>不是 JSON（{error}），将作为文本发送。</translation>
    </message>
    <message>
      <source>Valid JSON.</source>
      <translation>JSON 格式正确。</translation>
    </message>
  </context>
  <context>
    <name>ToolResultCard</name>
    <message>
      <source>Result of {name}</source>
      <translation>{name} 的结果</translation>
    </message>
    <message>
      <source>Tool result</source>
      <translation>工具结果</translation>
    </message>
  </context>
  <context>
    <name>ToolsPanel</name>
    <message>
      <source>The parameters need "type": "object" at the top.</source>
      <translation>参数的最外层必须是 "type": "object"。</translation>
    </message>
    <message>
      <source>Open a conversation to choose its tools.</source>
      <translation>打开一个对话后即可为它选择工具。</translation>
    </message>
    <message>
      <source>Tools of this conversation</source>
      <translation>此对话的工具</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Undo removing the function</source>
      <translation>撤销删除该函数</translation>
    </message>
    <message>
      <source>Built-in tools</source>
      <translation>内置工具</translation>
    </message>
    <message>
      <source>Studio runs these by itself and sends back the result.</source>
      <translation>这些工具由 Studio 自动运行并返回结果。</translation>
    </message>
    <message>
      <source>Current date and time</source>
      <translation>当前日期和时间</translation>
    </message>
    <message>
      <source>The date, time, time zone and day of the week, in any time zone.</source>
      <translation>任意时区的日期、时间、时区和星期。</translation>
    </message>
    <message>
      <source>Calculator</source>
      <translation>计算器</translation>
    </message>
    <message>
      <source>Exact arithmetic: + − × ÷, powers, roots, logarithms, trigonometry, so the model need not guess.</source>
      <translation>精确计算：加减乘除、乘方、开方、对数、三角函数，模型无需再靠猜。</translation>
    </message>
    <message>
      <source>Function name: {name}</source>
      <translation>函数名：{name}</translation>
    </message>
    <message>
      <source>Your functions</source>
      <translation>你的函数</translation>
    </message>
    <message>
      <source>No functions yet. Add one, for example get_weather(location).</source>
      <translation>还没有函数。添加一个吧，例如 get_weather(location)。</translation>
    </message>
    <message>
      <source>No functions yet. Add them in the Tools panel of a chat.</source>
      <translation>还没有函数。请在对话的“工具”面板中添加。</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>Add a function</source>
      <translation>添加函数</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Edit the selected function</source>
      <translation>编辑选中的函数</translation>
    </message>
    <message>
      <source>Duplicate</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Duplicate the selected function</source>
      <translation>复制选中的函数</translation>
    </message>
    <message>
      <source>Saved {name}</source>
      <translation>已保存 {name}</translation>
    </message>
    <message>
      <source>Added {name}</source>
      <translation>已添加 {name}</translation>
    </message>
    <message>
      <source>Removed {name}</source>
      <translation>已删除 {name}</translation>
    </message>
    <message>
      <source>Defined once for all your chats: tick the ones this chat may call. When the model calls one, Studio asks you for the result.</source>
      <translation>所有对话共用同一份函数定义：勾选本对话可以调用的函数。模型调用某个函数时，Studio 会请你提供结果。</translation>
    </message>
    <message>
      <source>Tick the functions this assistant offers. Define new ones in the Tools panel of any chat.</source>
      <translation>勾选此助手提供的函数。新函数请在任意对话的“工具”面板中定义。</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete the selected function</source>
      <translation>删除选中的函数</translation>
    </message>
    <message>
      <source>Delete the function from your library (no chat offers it any more)</source>
      <translation>从你的函数中删除它（所有对话都不再提供它）</translation>
    </message>
    <message>
      <source>This function was deleted meanwhile.</source>
      <translation>这个函数刚刚已被删除。</translation>
    </message>
    <message>
      <source>{name} is the name of a built-in tool; choose another name.</source>
      <translation>{name} 是内置工具的名称，请换一个名称。</translation>
    </message>
    <message>
      <source>Your functions already have one called {name}; choose another name.</source>
      <translation>你的函数中已有名为 {name} 的函数，请换一个名称。</translation>
    </message>
    <message>
      <source>this chat only</source>
      <translation>仅限本对话</translation>
    </message>
    <message>
      <source>Defined for this chat only; edit and save it to add it to your functions.</source>
      <translation>仅为本对话定义；编辑并保存后即加入你的函数。</translation>
    </message>
    <message>
      <source>Restored {name}</source>
      <translation>已恢复 {name}</translation>
    </message>
  </context>
  <context>
    <name>TranscriptView</name>
    <message>
      <source>Conversation</source>
      <translation>对话内容</translation>
    </message>
    <message>
      <source>Show earlier messages</source>
      <translation>显示更早的消息</translation>
    </message>
  </context>
  <context>
    <name>TraySlotTile</name>
    <message>
      <source>Remove this reference (Delete)</source>
      <translation>移除这张参考图（Delete）</translation>
    </message>
    <message>
      <source>Remove {title}</source>
      <translation>移除 {title}</translation>
    </message>
    <message>
      <source>Move earlier (Ctrl+Left)</source>
      <translation>前移（Ctrl+←）</translation>
    </message>
    <message>
      <source>Move later (Ctrl+Right)</source>
      <translation>后移（Ctrl+→）</translation>
    </message>
    <message>
      <source>Remove (Delete)</source>
      <translation>移除（Delete）</translation>
    </message>
  </context>
  <context>
    <name>UndoBar</name>
    <message>
      <source>Undo delete</source>
      <translation>撤销删除</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Undo the delete</source>
      <translation>撤销这次删除</translation>
    </message>
    <message>
      <source>Dismiss</source>
      <translation>关闭</translation>
    </message>
  </context>
  <context>
    <name>VersionTree</name>
    <message>
      <source>Original</source>
      <translation>原图</translation>
    </message>
    <message>
      <source>v{number}</source>
      <translation>v{number}</translation>
    </message>
    <message>
      <source>base</source>
      <translation>底图</translation>
    </message>
    <message>
      <source>running…</source>
      <translation>进行中…</translation>
    </message>
    <message>
      <source>interrupted</source>
      <translation>已中断</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>≈ {cost}</source>
      <translation>≈ {cost}</translation>
    </message>
    <message>
      <source>The picture the session started from</source>
      <translation>会话开始时的图片</translation>
    </message>
    <message>
      <source>(no prompt)</source>
      <translation>（无提示词）</translation>
    </message>
    <message>
      <source>Made from {parent}</source>
      <translation>由 {parent} 生成</translation>
    </message>
    <message>
      <source>Status: {status}</source>
      <translation>状态：{status}</translation>
    </message>
    <message>
      <source>Versions</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>Version tree</source>
      <translation>版本树</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Continue from here</source>
      <translation>从这里继续</translation>
    </message>
    <message>
      <source>Make the selected version the base of the next edit (Enter)</source>
      <translation>把所选版本作为下一次编辑的底图（Enter）</translation>
    </message>
    <message>
      <source>Compare</source>
      <translation>对比</translation>
    </message>
    <message>
      <source>Export, copy, send to chat, add to the gallery</source>
      <translation>导出、复制、发送到对话、加入图库</translation>
    </message>
    <message>
      <source>More actions</source>
      <translation>更多操作</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Click the version to compare with {name} (Esc cancels)</source>
      <translation>点击要与 {name} 对比的版本（Esc 取消）</translation>
    </message>
    <message>
      <source>from {name}</source>
      <translation>来自{name}</translation>
    </message>
    <message>
      <source>Compare the two selected versions</source>
      <translation>对比所选的两个版本</translation>
    </message>
    <message>
      <source>Compare with the version it was made from (Ctrl+click picks two)</source>
      <translation>与它所基于的版本对比（Ctrl+点击可选两个）</translation>
    </message>
    <message>
      <source>{first} and {second} selected</source>
      <translation>已选 {first} 和 {second}</translation>
    </message>
    <message>
      <source>Compare with parent</source>
      <translation>与上一版对比</translation>
    </message>
    <message>
      <source>Compare with…</source>
      <translation>与…对比</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Send to chat</source>
      <translation>发送到对话</translation>
    </message>
    <message>
      <source>Add to gallery</source>
      <translation>加入图库</translation>
    </message>
    <message>
      <source>Open as a new session</source>
      <translation>作为新会话打开</translation>
    </message>
  </context>
  <context>
    <name>ZoomView</name>
    <message>
      <source>Picture</source>
      <translation>图片</translation>
    </message>
  </context>
</TS>