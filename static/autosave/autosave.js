/* Autosave of an admin change form (autosave.admin): nothing typed is lost.
 *
 * - At every change (after a second's pause), on submit and on leaving the page, a copy goes to
 *   this browser's localStorage: it survives a closed tab, a lost network and an expired session.
 * - Every `interval` seconds, if something changed, and on leaving the page, the form goes to
 *   the server as the user's private draft.
 * - On opening the form, the newest of the two that is newer than the form's last real save
 *   and differs from what the form shows is offered back: 恢复未保存的内容 or 放弃.
 * Times are the server's (the page says what time it is there), so the browser's clock does
 * not matter. Logging out forgets this browser's copies (static/autosave/forget.js).
 */
;(() => {
  const PREFIX = "caiqiao-autosave:"

  function start() {
    const configNode = document.getElementById("autosave-config")
    if (!configNode) return
    const config = JSON.parse(configNode.textContent)
    const status = document.getElementById("autosave-status")
    const offer = document.getElementById("autosave-offer")
    const form = configNode.closest("form") || document.querySelector("#content-main form")
    if (!form) return
    const offset = config.now - Date.now()
    const serverNow = () => Date.now() + offset
    const localKey = `${PREFIX}${config.user}:${config.form}`

    const editors = () => (window.CKEDITOR ? Object.values(window.CKEDITOR.instances) : [])

    function snapshot() {
      editors().forEach((editor) => editor.updateElement())
      const data = {}
      for (const [name, value] of new FormData(form)) {
        if (name === "csrfmiddlewaretoken" || typeof value !== "string") continue
        ;(data[name] = data[name] || []).push(value)
      }
      return data
    }

    function same(a, b) {
      return JSON.stringify(a) === JSON.stringify(b)
    }

    function readLocal() {
      try {
        return JSON.parse(localStorage.getItem(localKey))
      } catch (error) {
        return null
      }
    }

    function writeLocal(data) {
      try {
        localStorage.setItem(localKey, JSON.stringify({ savedAt: serverNow(), data }))
      } catch (error) {
        /* storage full or disabled: the server copy remains */
      }
    }

    function forgetLocal() {
      localStorage.removeItem(localKey)
    }

    function say(text) {
      status.textContent = text
    }

    function clock(time) {
      const moment = new Date(time - offset) // shown in the browser's own time zone
      const pad = (n) => String(n).padStart(2, "0")
      return (
        `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())} ` +
        `${pad(moment.getHours())}:${pad(moment.getMinutes())}`
      )
    }

    function body(fields) {
      const data = new FormData()
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value)
      Object.entries(fields).forEach(([name, value]) => data.append(name, value))
      return data
    }

    // What the form held when it was opened (or last sent): sent again only when it changes.
    let sent = null
    let settled = false
    // Once the form is submitted, the save for real decides: no autosave may arrive after it.
    let submitting = false

    async function sendToServer() {
      if (submitting) return
      const data = snapshot()
      if (same(data, sent)) return
      let answer
      try {
        const response = await fetch(config.url, {
          method: "POST",
          body: body({ data: JSON.stringify(data) }),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        answer = await response.json().catch(() => ({ error: "" }))
        if (!response.ok) throw new Error(answer.error || response.statusText)
      } catch (error) {
        writeLocal(data)
        const reason = answer && answer.error ? answer.error : "网络中断。"
        say(`未能自动保存：${reason}内容已保存在这台电脑的浏览器里，重新登录或联网后打开本页即可恢复。`)
        return
      }
      sent = data
      say(`已自动保存（${clock(answer.saved_at).slice(11)}）。正式保存后才会进入审核流程。`)
    }

    function sendOnLeaving() {
      if (submitting) return
      const data = snapshot()
      if (same(data, sent)) return
      writeLocal(data)
      navigator.sendBeacon(config.url, body({ data: JSON.stringify(data) }))
      sent = data
    }

    function fill(data) {
      const seen = {}
      for (const element of form.elements) {
        const name = element.name
        if (!name || name === "csrfmiddlewaretoken" || element.type === "file") continue
        if (element.type === "submit" || element.type === "button") continue
        const values = data[name] || []
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = values.includes(element.value)
        } else if (element.type === "select-multiple") {
          for (const option of element.options) option.selected = values.includes(option.value)
        } else if (name in data) {
          const index = seen[name] || 0
          seen[name] = index + 1
          element.value = values[index] !== undefined ? values[index] : ""
          const editor = window.CKEDITOR && window.CKEDITOR.instances[element.id]
          if (editor) editor.setData(element.value)
        }
      }
    }

    function propose(candidate) {
      document.getElementById("autosave-offer-time").textContent = clock(candidate.savedAt)
      offer.hidden = false
      document.getElementById("autosave-restore").addEventListener("click", () => {
        fill(candidate.data)
        offer.hidden = true
        writeLocal(candidate.data)
        say("已恢复未保存的内容。请检查后保存。")
      })
      document.getElementById("autosave-discard").addEventListener("click", () => {
        offer.hidden = true
        forgetLocal()
        fetch(config.url, { method: "POST", body: body({ discard: "1" }), credentials: "same-origin" })
        say("已放弃自动保存的内容。")
      })
    }

    function settle() {
      if (settled) return
      settled = true
      const shown = snapshot()
      sent = shown
      const local = readLocal()
      const candidates = []
      if (config.draft) candidates.push({ savedAt: config.savedAt, data: config.draft })
      if (local && local.data && local.savedAt > config.savedAt) candidates.push(local)
      else if (local) forgetLocal() // older than the form's last real save
      candidates.sort((a, b) => b.savedAt - a.savedAt)
      const candidate = candidates.find((item) => !same(item.data, shown))
      if (candidate) propose(candidate)

      let pause = null
      const changed = () => {
        clearTimeout(pause)
        pause = setTimeout(() => writeLocal(snapshot()), 1000)
      }
      form.addEventListener("input", changed)
      form.addEventListener("change", changed)
      editors().forEach((editor) => editor.on("change", changed))
      form.addEventListener("submit", () => {
        writeLocal(snapshot()) // kept if the save fails (an expired session)
        submitting = true
      })
      setInterval(sendToServer, config.interval * 1000)
      window.addEventListener("pagehide", sendOnLeaving)
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") sendOnLeaving()
      })
    }

    // Wait for the editors to hold their text, so that what the form shows is compared fairly.
    function whenEditorsReady(callback) {
      const textareas = form.querySelectorAll("textarea[data-type=ckeditortype]")
      if (!textareas.length) return callback()
      if (!window.CKEDITOR) return setTimeout(() => whenEditorsReady(callback), 50)
      const pending = [...textareas].filter((area) => {
        const editor = window.CKEDITOR.instances[area.id]
        return !editor || editor.status !== "ready"
      })
      if (!pending.length) return callback()
      setTimeout(() => whenEditorsReady(callback), 50)
    }

    whenEditorsReady(settle)
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
