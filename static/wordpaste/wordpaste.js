/* A document pasted from Word or WPS goes to the server first (wordpaste.views.clean, the same
   cleaning every save runs) and enters the editor as it will be stored: the centred title,
   the right-aligned 落款, lists and tables kept; Office's styles, comments and hidden text gone.
   Pictures the clipboard holds (as files, or inside its RTF, as Word puts them) are uploaded
   first (the editor's upload view) and take the places of the document's pictures, in order
   (a picture whose upload failed keeps its slot as null and is left out alone). If the server
   cannot be reached, CKEditor's own paste runs, and the save cleans the text the same way. */
;(() => {
  const OFFICE = /urn:schemas-microsoft-com:office|<meta[^>]+(Word\.Document|WPS Office)|class="?Mso|mso-/i

  function post(url, body, headers) {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]")
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": token ? token.value : "", ...headers},
      body,
    }).then((answer) => (answer.ok ? answer.json() : Promise.reject(answer)))
  }

  function upload(editor, file) {
    const form = new FormData()
    form.append("upload", file, file.name || "image.png")
    return post(editor.config.uploadUrl, form, {})
      .then((answer) => (answer.uploaded ? answer.url : null))
      .catch(() => null)
  }

  const BLIP = {pngblip: ["png", "image/png"], jpegblip: ["jpg", "image/jpeg"]}

  // Word puts the document's pictures into the clipboard's RTF as hexadecimal (\pict groups),
  // each once for current readers (\shppict) and often again for old ones (\nonshppict).
  function rtfPictures(rtf) {
    const found = []
    const blip = /\\(pngblip|jpegblip)(?![a-z])/g
    let match
    while ((match = blip.exec(rtf || ""))) {
      if (rtf.lastIndexOf("\\nonshppict", match.index) > rtf.lastIndexOf("\\shppict", match.index)) {
        continue
      }
      let depth = 0
      let hex = ""
      for (let at = blip.lastIndex; at < rtf.length; at += 1) {
        const character = rtf[at]
        if (character === "{") depth += 1
        else if (character === "}") {
          if (depth === 0) break
          depth -= 1
        } else if (depth === 0 && character === "\\") {
          const word = /^\\[a-z]+-?\d* ?/i.exec(rtf.slice(at, at + 40))
          at += word ? word[0].length - 1 : 1
        } else if (depth === 0 && /[0-9a-f]/i.test(character)) hex += character
      }
      if (hex.length >= 16 && hex.length % 2 === 0) {
        const bytes = new Uint8Array(hex.length / 2)
        for (let index = 0; index < bytes.length; index += 1) {
          bytes[index] = parseInt(hex.substr(index * 2, 2), 16)
        }
        const [extension, type] = BLIP[match[1]]
        found.push(new File([bytes], `word-picture-${found.length + 1}.${extension}`, {type}))
      }
    }
    return found
  }

  function pictures(transfer) {
    const files = []
    for (let index = 0; index < transfer.getFilesCount(); index += 1) {
      const file = transfer.getFile(index)
      if (file && /^image\//.test(file.type)) files.push(file)
    }
    if (files.length) return files
    return rtfPictures(transfer.$ && transfer.$.getData ? transfer.$.getData("text/rtf") : "")
  }

  function install(editor) {
    editor.on(
      "paste",
      (event) => {
        const transfer = event.data.dataTransfer
        const html = (transfer && transfer.getData("text/html", true)) || ""
        if (!editor.config.wordpasteUrl || !OFFICE.test(html)) return
        event.cancel()
        const fallback = event.data.dataValue
        Promise.all(pictures(transfer).map((file) => upload(editor, file)))
          .then((images) =>
            post(
              editor.config.wordpasteUrl,
              // One slot per picture, null where its upload failed: the server drops that
              // picture alone and the others keep their places.
              JSON.stringify({html, images}),
              {"Content-Type": "application/json"},
            ),
          )
          .then((answer) => {
            editor.fire("saveSnapshot")
            editor.insertHtml(answer.html)
            editor.fire("saveSnapshot")
            if (answer.missing_images) {
              editor.showNotification(
                `文档中有 ${answer.missing_images} 张图片没有随文字粘贴过来，请复制图片本身粘贴，或用“图像”按钮上传。`,
                "warning",
              )
            }
          })
          .catch((answer) => {
            // Too large to clean: say so and paste nothing. CKEditor's own paste would put the
            // same document into the body, for the save to clean at the same cost.
            if (answer && answer.status === 413) {
              return answer
                .json()
                .then((refusal) => editor.showNotification(refusal.error, "warning", 10000))
            }
            editor.insertHtml(fallback)
          })
      },
      null,
      null,
      1,
    )
  }

  window.caiqiaoEachEditor(install)  // static/news/admin/ckeditor-csrf.js
})()
