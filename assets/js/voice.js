// The young person's space: "Read aloud" (the browser's own speech) and "Print".
// Progressive enhancement only: both buttons stay hidden unless this file runs and the browser can do it.
(function () {
  'use strict'

  function setUpReadAloud () {
    if (!('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return
    document.querySelectorAll('[data-portal-read-aloud]').forEach(function (wrapper) {
      var button = wrapper.querySelector('button[data-read-target]')
      if (!button) return
      var label = button.querySelector('[data-read-label]')
      var startText = label ? label.textContent : ''
      var stopText = button.getAttribute('data-stop-text') || startText
      var reading = false

      function show (isReading) {
        reading = isReading
        if (label) label.textContent = isReading ? stopText : startText
        button.setAttribute('aria-pressed', isReading ? 'true' : 'false')
      }

      button.addEventListener('click', function () {
        window.speechSynthesis.cancel()
        if (reading) {
          show(false)
          return
        }
        var target = document.getElementById(button.getAttribute('data-read-target'))
        if (!target) return
        var utterance = new window.SpeechSynthesisUtterance(target.innerText)
        utterance.lang = document.documentElement.lang || 'en'
        utterance.rate = 0.9
        utterance.onend = function () { show(false) }
        utterance.onerror = function () { show(false) }
        show(true)
        window.speechSynthesis.speak(utterance)
      })
      show(false)
      wrapper.hidden = false
    })
  }

  function setUpPrint () {
    if (typeof window.print !== 'function') return
    document.querySelectorAll('[data-portal-print]').forEach(function (wrapper) {
      var button = wrapper.querySelector('button')
      if (!button) return
      button.addEventListener('click', function () { window.print() })
      wrapper.hidden = false
    })
  }

  setUpReadAloud()
  setUpPrint()
})()
