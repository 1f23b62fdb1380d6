// Progressive enhancement only: every page works without this file.
import { initAll } from './govuk-frontend.min.js'

initAll()

// Components inside content that htmx swapped in need initialising too.
document.body.addEventListener('htmx:afterSwap', (event) => {
  initAll({ scope: event.detail.target })
})
