/* After logging out: forget the autosaved copies this browser kept (static/autosave/
 * autosave.js), so that the next person at a shared computer does not find them. The drafts
 * on the server stay, private to their author. */
;(() => {
  const PREFIX = "caiqiao-autosave:"
  try {
    Object.keys(localStorage)
      .filter((key) => key.startsWith(PREFIX))
      .forEach((key) => localStorage.removeItem(key))
  } catch (error) {
    /* storage disabled: nothing was kept */
  }
})()
