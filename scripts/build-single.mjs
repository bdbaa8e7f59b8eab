// Builds the single-file app: www/dist/paradup.html, one self-contained page
// (CSS, JS modules, the worker and the wasm inlined) that works when opened
// straight from disk (file://), with no server and no network.
//
//   node scripts/build-single.mjs      (after scripts/build-wasm)
//
// The ES modules are joined by a small, strict transformer: each module
// becomes a function scope whose exports are returned as an object, and
// each `import` becomes a lookup in that object. It only accepts the
// import/export forms used in www/js and the wasm-bindgen `--target web`
// glue, and fails loudly on anything else.
//
// Content-Security-Policy of the result (exact text is in the file):
//   default-src 'none'                  nothing may be fetched by default;
//   script-src 'sha256-…' 'wasm-unsafe-eval'
//                                       only the one inline script (by hash)
//                                       runs, and it may compile WebAssembly;
//   style-src 'sha256-…'                only the inline stylesheet (by hash);
//   worker-src blob:                    the worker is made from the page's
//                                       own inlined source as a blob: URL;
//   img-src data:                       the inline icon;
//   base-uri 'none'; form-action 'none'.
// There is no connect-src, so fetch/XHR/WebSocket to anywhere, including
// the file system, are refused.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = join(ROOT, 'www');
const OUT = join(WWW, 'dist', 'paradup.html');

function fail(message) {
  console.error(`build-single: ${message}`);
  process.exit(1);
}

/** Bundles the module graph rooted at `entry` into one script. */
function bundle(entry) {
  const order = [];
  const ids = new Map();
  const visit = (file, from) => {
    if (ids.has(file)) return;
    let source;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      fail(`cannot read ${relative(ROOT, file)}${from ? ` (imported by ${relative(ROOT, from)})` : ''}: run scripts/build-wasm first`);
    }
    ids.set(file, `__module${ids.size}`);
    const mod = transform(file, source);
    for (const dep of mod.deps) visit(dep, file);
    order.push({ file, ...mod });
  };
  visit(entry);
  return order
    .map((m) => {
      const imports = m.imports.map((imp) => imp.replace(/__DEP\[([^\]]+)\]/g, (_, f) => ids.get(f))).join('\n');
      const exports = m.exports.map(([name, local]) => `${JSON.stringify(name)}: ${local}`).join(', ');
      return `// ---- ${relative(WWW, m.file)}\nconst ${ids.get(m.file)} = (() => {\n${imports}\n${m.code}\nreturn Object.freeze({ ${exports} });\n})();`;
    })
    .join('\n');
}

function transform(file, source) {
  const deps = [];
  const imports = [];
  const exports = [];
  const dep = (spec) => {
    if (!spec.startsWith('.')) fail(`${relative(ROOT, file)}: only relative imports are supported (${spec})`);
    const target = resolve(dirname(file), spec);
    deps.push(target);
    return `__DEP[${target}]`;
  };
  const names = (list) =>
    list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
      const m = s.match(/^([\w$]+)(?:\s+as\s+([\w$]+))?$/);
      if (!m) fail(`${relative(ROOT, file)}: cannot read binding "${s}"`);
      return [m[1], m[2] || m[1]];
    });
  let code = source.replace(/^import\s+(.+?)\s+from\s+['"]([^'"]+)['"];?[ \t]*$/gm, (_, clause, spec) => {
    const mod = dep(spec);
    const out = [];
    let rest = clause.trim();
    const def = rest.match(/^(\w+)\s*(,|$)/);
    if (def) {
      out.push(`const ${def[1]} = ${mod}.default;`);
      rest = rest.slice(def[0].length).trim();
    }
    const star = rest.match(/^\*\s+as\s+(\w+)$/);
    const named = rest.match(/^\{([^}]*)\}$/);
    if (star) out.push(`const ${star[1]} = ${mod};`);
    else if (named) out.push(`const { ${names(named[1]).map(([a, b]) => (a === b ? a : `${a}: ${b}`)).join(', ')} } = ${mod};`);
    else if (rest) fail(`${relative(ROOT, file)}: unsupported import "${clause}"`);
    imports.push(...out);
    return '';
  });
  code = code.replace(/^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)/gm, (_, kind, name) => {
    exports.push([name, name]);
    return `${kind} ${name}`;
  });
  code = code.replace(/^export\s*\{([^}]*)\};?[ \t]*$/gm, (_, list) => {
    for (const [local, exported] of names(list)) exports.push([exported, local]);
    return '';
  });
  code = code.replace(/^export\s+default\s+(\w+);?[ \t]*$/gm, (_, local) => {
    exports.push(['default', local]);
    return '';
  });
  const leftover = code.match(/^\s*(import|export)\b.*$/m);
  if (leftover) fail(`${relative(ROOT, file)}: unsupported module syntax: ${leftover[0].trim()}`);
  return { deps, imports, exports, code };
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function main() {
  const html = readFileSync(join(WWW, 'index.html'), 'utf8');
  const css = readFileSync(join(WWW, 'css', 'app.css'), 'utf8');
  const app = bundle(join(WWW, 'js', 'app.js'));
  // The worker runs as a classic script (see engine.js): `import.meta` does
  // not exist there; the glue only uses it to locate the .wasm, which the
  // page passes in as bytes instead.
  const worker = bundle(join(WWW, 'js', 'worker.js')).replaceAll('import.meta.url', 'self.location.href');
  const wasm = readFileSync(join(WWW, 'pkg', 'paradup_bg.wasm'));
  const icon = `data:image/svg+xml;base64,${readFileSync(join(WWW, 'favicon.svg')).toString('base64')}`;
  for (const [what, text] of [['worker', worker], ['app', app], ['css', css]]) {
    if (/<\/(script|style)/i.test(text)) fail(`the ${what} source contains a closing tag and cannot be inlined`);
  }
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(app)} 'wasm-unsafe-eval'`,
    `style-src ${sha256(css)}`,
    'worker-src blob:',
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  let out = html;
  const replace = (pattern, replacement, what) => {
    if (!pattern.test(out)) fail(`index.html: cannot find ${what}`);
    out = out.replace(pattern, replacement);
  };
  replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`, 'the CSP meta tag');
  replace(/<link rel="stylesheet" href="css\/app.css">/, () => `<style>${css}</style>`, 'the stylesheet link');
  replace(/<link rel="icon" href="favicon.svg"[^>]*>/, `<link rel="icon" href="${icon}">`, 'the icon link');
  replace(/<script type="module" src="js\/app.js"><\/script>/, '', 'the app script');
  replace(
    /<\/body>/,
    () =>
      `<script type="text/plain" id="paradup-worker-source">${worker}</script>\n` +
      `<script type="application/octet-stream" id="paradup-wasm-base64">${wasm.toString('base64')}</script>\n` +
      `<script type="module">${app}</script>\n</body>`,
    'the end of body',
  );
  out = out.replace('<body data-status="idle">', '<body data-status="idle" data-build="single-file">');
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, out);
  console.log(`wrote ${relative(ROOT, OUT)} (${(out.length / 1024).toFixed(0)} KB); CSP: ${csp}`);
}

main();
