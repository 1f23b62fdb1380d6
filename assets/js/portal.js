// Progressive enhancement only: every page works without this file.
import { initAll } from './govuk-frontend.min.js'

initAll()

// Components inside content that htmx swapped in need initialising too.
// Components that were already on the page are left alone.
document.body.addEventListener('htmx:afterSwap', (event) => {
  initAll({
    scope: event.detail.target,
    onError: (error) => {
      if (!(error && error.name === 'InitError')) console.error(error)
    }
  })
})

// Clear the question box after htmx has sent it (hx-on would need eval, which our CSP forbids).
document.body.addEventListener('htmx:afterRequest', (event) => {
  const form = event.detail.elt
  if (event.detail.successful && form instanceof HTMLFormElement && form.hasAttribute('data-portal-reset')) {
    form.reset()
  }
})
