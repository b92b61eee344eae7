/* 上传图片: one toolbar button opens the file chooser; the chosen picture is uploaded at once
   (filetools, to config.uploadUrl: the same checked view as pasted pictures, with the CSRF
   token of ckeditor-csrf.js) and the picture dialog (image2) opens with it filled in, for its
   替换文本 and 确定. Three steps instead of image2's 上传 tab, 上传到服务器, 确定. */
CKEDITOR.plugins.add("uploadpicture", {
  requires: "filetools,image2",
  init(editor) {
    const chooser = document.createElement("input")
    chooser.type = "file"
    chooser.accept = "image/jpeg,image/png,image/gif,image/webp"
    chooser.hidden = true
    document.body.appendChild(chooser)

    chooser.addEventListener("change", () => {
      const file = chooser.files[0]
      chooser.value = ""
      if (!file) return
      const loader = editor.uploadRepository.create(file)
      loader.on("uploaded", () => {
        editor.once("dialogShow", (event) => {
          const dialog = event.data
          dialog.setValueOf("info", "src", loader.url)
          dialog.getContentElement("info", "alt").focus()
        })
        editor.execCommand("image")
      })
      loader.on("error", () => editor.showNotification(loader.message || "图片上传失败。", "warning"))
      loader.upload(editor.config.uploadUrl)
    })

    editor.addCommand("uploadPicture", {
      exec() {
        chooser.click()
      },
    })
    editor.ui.addButton("UploadPicture", {
      label: "上传图片",
      command: "uploadPicture",
      toolbar: "insert",
      icon: "image",
    })
  },
})
