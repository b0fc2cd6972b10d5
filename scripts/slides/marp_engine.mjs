// Marp's converter for the site's slide show (scripts/steps/make_slides.py): offline like the site.
// KaTeX typesets the math with its fonts from the site's own copy (not a CDN); the gaia theme
// loses its @import of web fonts from an outside host (the deck's style names local Japanese
// fonts instead); emoji stay text instead of images from a CDN.
import { Marp } from '@marp-team/marp-core'
import katexPlugin from '@marp-team/marp-core/plugins/katex'

export default (options) => {
  const marp = new Marp({ ...options, emoji: { shortcode: false, unicode: false } })
    .use(katexPlugin({ fontPath: process.env.KATEX_FONT_PATH || '../assets/katex/fonts/' }))
  const gaia = marp.themeSet.get('gaia')
  const offline = gaia.css.replace(/^@import\s+(url\()?["']?https?:[^;]*;\s*$/gm, '')
  if (offline === gaia.css) throw new Error('marp_engine.mjs: no remote @import found in the gaia theme; check the Marp version')
  marp.themeSet.add(offline)
  return marp
}
