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

// Search filters sit behind a "Filter" disclosure so results come first on a phone; on wider screens,
// where they sit beside the results, open it (without this file it simply stays a disclosure).
if (window.matchMedia('(min-width: 40.0625em)').matches) {
  document.querySelectorAll('details[data-portal-open-wide]').forEach((details) => { details.open = true })
}
