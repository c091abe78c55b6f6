// Copies the front-end files Concord serves (and the browser tests inject) out of node_modules.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const files = {
  "bootstrap/dist/css/bootstrap.min.css": "../static/web/vendor/bootstrap/bootstrap.min.css",
  "bootstrap/dist/css/bootstrap.rtl.min.css": "../static/web/vendor/bootstrap/bootstrap.rtl.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "../static/web/vendor/bootstrap/bootstrap.bundle.min.js",
  "chart.js/dist/chart.umd.min.js": "../static/web/vendor/chart.js/chart.umd.min.js",
  "axe-core/axe.min.js": "../../tests/web/browser/vendor/axe.min.js",
  // Arabic and Chinese glyphs, the same on every machine (web/static/web/css/fonts.css loads
  // them by unicode-range): the Arabic subset in two weights, simplified Chinese in one.
  ...Object.fromEntries(
    [
      "noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2",
      "noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2",
      "noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2",
    ].map((file) => [`@fontsource/${file}`, `../static/web/vendor/fonts/${file.split("/").pop()}`]),
  ),
  "@fontsource/noto-sans-arabic/LICENSE": "../static/web/vendor/fonts/LICENSE-noto-sans-arabic",
  "@fontsource/noto-sans-sc/LICENSE": "../static/web/vendor/fonts/LICENSE-noto-sans-sc",
};
for (const [from, to] of Object.entries(files)) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(`node_modules/${from}`, to);
  console.log(`${from} -> ${to}`);
}
