/* Sends Django's CSRF token with CKEditor's image uploads (the upload view is not CSRF-exempt).
   Loaded first of the editor's scripts: window.caiqiaoEachEditor(install) runs install(editor)
   for every CKEditor on the page, those already there and those created later. */
window.caiqiaoEachEditor = function eachEditor(install) {
  if (!window.CKEDITOR) {
    setTimeout(() => eachEditor(install), 50)
    return
  }
  Object.values(window.CKEDITOR.instances).forEach(install)
  window.CKEDITOR.on("instanceCreated", (event) => install(event.editor))
}

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

  window.caiqiaoEachEditor(guard)
})()
