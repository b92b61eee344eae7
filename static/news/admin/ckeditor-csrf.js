/* Sends Django's CSRF token with CKEditor's image uploads (the upload view is not CSRF-exempt). */
;(() => {
  function token() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]")
    return field ? field.value : ""
  }

  function guard(editor) {
    editor.on("fileUploadRequest", (event) => {
      event.data.fileLoader.xhr.setRequestHeader("X-CSRFToken", token())
    })
  }

  function install() {
    if (!window.CKEDITOR) {
      setTimeout(install, 50)
      return
    }
    Object.values(window.CKEDITOR.instances).forEach(guard)
    window.CKEDITOR.on("instanceCreated", (event) => guard(event.editor))
  }

  install()
})()
