// Copies the front-end files Concord serves (and the browser tests inject) out of node_modules.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const files = {
  "bootstrap/dist/css/bootstrap.min.css": "../static/web/vendor/bootstrap/bootstrap.min.css",
  "bootstrap/dist/css/bootstrap.rtl.min.css": "../static/web/vendor/bootstrap/bootstrap.rtl.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "../static/web/vendor/bootstrap/bootstrap.bundle.min.js",
  "chart.js/dist/chart.umd.min.js": "../static/web/vendor/chart.js/chart.umd.min.js",
  "axe-core/axe.min.js": "../../tests/web/browser/vendor/axe.min.js",
};
for (const [from, to] of Object.entries(files)) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(`node_modules/${from}`, to);
  console.log(`${from} -> ${to}`);
}
