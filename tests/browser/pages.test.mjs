// tests/browser/pages.test.mjs: opens the pages truce writes (the timeline and map SVGs, the
// side-by-side diff HTML and the implementation report HTML) in Debian's chromium, headless, through playwright-core, and checks
// what a reader would see: the page loads with no console or page errors and fetches nothing but
// itself, the document parses, the key content is there as visible text, the timeline's labels do
// not overlap, and a screenshot is not blank.
//   node --test tests/browser/          (tests/scripts/browser.sh installs the npm deps first)
// BUILD names the build folder (default "build"); CHROMIUM the browser (default /usr/bin/chromium).
// TRUCE_BROWSER_KEEP=1 keeps the folder of generated pages and screenshots (it is also kept when a
// test fails); its path is printed as a test diagnostic.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = path.resolve(ROOT, process.env.BUILD || 'build');
const TRUCE = path.join(BUILD, 'truce');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const EXAMPLE = 'examples/gaza-2024-bridging/agreement.yaml';
const DIFF_A = 'tests/diff/v1.yaml';
const DIFF_B = 'tests/diff/v2.yaml';

// ---------------------------------------------------------------------------------------------
// running truce (others may be rebuilding the build folder: a missing or half-written binary is
// waited for, up to a minute)

function execOnce(args) {
  return new Promise((resolve) => {
    execFile(TRUCE, args, { cwd: ROOT, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ error, stdout, stderr, status: error ? error.code : 0 }));
  });
}

async function truce(args, okStatuses = [0]) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await execOnce(args);
    const transient = r.error && (['ENOENT', 'EACCES', 'ETXTBSY'].includes(r.error.code) ||
                                  r.status === 126 || r.status === 127);
    if (!transient) {
      assert.ok(okStatuses.includes(r.status),
        `${TRUCE} ${args.join(' ')} exited ${r.status}, expected ${okStatuses.join(' or ')}\n${r.stderr}`);
      return r.stdout;
    }
    if (Date.now() > deadline) throw new Error(`${TRUCE} unusable for a minute: ${r.error.message}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}

// ---------------------------------------------------------------------------------------------
// a tiny PNG decoder (8-bit RGB or RGBA, not interlaced: what chromium's screenshots are)

function decodePng(buf) {
  assert.equal(buf.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'screenshot is not a PNG');
  let pos = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const kind = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      depth = data[8]; type = data[9]; interlace = data[12];
    } else if (kind === 'IDAT') idat.push(data);
    else if (kind === 'IEND') break;
    pos += 12 + len;
  }
  assert.ok(depth === 8 && (type === 2 || type === 6) && interlace === 0,
    `unsupported PNG: depth ${depth}, colour type ${type}, interlace ${interlace}`);
  const bpp = type === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else assert.equal(filter, 0, `bad PNG filter ${filter}`);
      out[i] = v & 255;
    }
  }
  return { width, height, bpp, px };
}

// distinct colours, and the share of pixels that are not the page's background (its commonest colour)
function pixelStats(png) {
  const counts = new Map();
  for (let i = 0; i < png.px.length; i += png.bpp) {
    const key = png.px.readUIntBE(i, 3);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const total = png.width * png.height;
  const background = Math.max(...counts.values());
  return { colours: counts.size, inked: (total - background) / total };
}

// ---------------------------------------------------------------------------------------------
// the browser

let context, userDataDir, outDir;
let anyFailure = false;
const pages = {};     // name -> absolute path of the generated page
let expected;         // what `truce show --format json` and `truce diff --format json` say

before(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'truce-browser-'));
  userDataDir = await mkdtemp(path.join(tmpdir(), 'truce-chromium-profile-'));
  await stat(CHROMIUM).catch(() => { throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`); });

  pages.timeline = path.join(outDir, 'timeline.svg');
  pages['timeline-start'] = path.join(outDir, 'timeline-start.svg');
  pages.map = path.join(outDir, 'map.svg');
  pages.diff = path.join(outDir, 'diff.html');
  await truce(['timeline', EXAMPLE, '--format', 'svg', '-o', pages.timeline]);
  await truce(['timeline', EXAMPLE, '--start', '2025-01-19', '--format', 'svg', '-o', pages['timeline-start']]);
  await truce(['map', EXAMPLE, '--format', 'svg', '-o', pages.map]);
  // diff exits 1 when the files differ, which these do
  await writeFile(pages.diff, await truce(['diff', DIFF_A, DIFF_B, '--format', 'html'], [1]));
  // the implementation report, judged from SYNTHETIC reports (truce synth) read straight from files
  const synth = path.join(outDir, 'synthetic');
  await truce(['synth', EXAMPLE, '--days', '42', '--seed', '1', '--out', synth]);
  const sources = ['synthetic-acled.csv', 'synthetic-impl.csv', 'synthetic-tracks.jsonl']
    .flatMap((f) => ['--reports', path.join(synth, f)]);
  const judged = [EXAMPLE, ...sources, '--start', '2025-01-19', '--at', '2025-03-01'];
  pages.report = path.join(outDir, 'report.html');
  await truce(['report', ...judged, '--format', 'html', '-o', pages.report]);
  expected = {
    show: JSON.parse(await truce(['show', EXAMPLE, '--format', 'json'])),
    diff: JSON.parse(await truce(['diff', DIFF_A, DIFF_B, '--format', 'json'], [1])),
    status: JSON.parse(await truce(['status', ...judged, '--format', 'json'])),
  };

  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
});

after(async () => {
  if (context) await context.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  if (outDir && !anyFailure && !process.env.TRUCE_BROWSER_KEEP) await rm(outDir, { recursive: true, force: true });
  else if (outDir) console.log(`# pages and screenshots kept in ${outDir}`);
});

// runs fn, remembering a failure so that the pages and screenshots are kept for a look
function check(name, fn) {
  test(name, async (t) => {
    try { await fn(t); } catch (e) { anyFailure = true; throw e; }
  });
}

// Opens a page and records everything it asks for and complains about. Every request other
// than the page itself is recorded and aborted: the pages must be self-contained.
async function open(file) {
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const log = { requests: [], consoleErrors: [], pageErrors: [], failed: [], url };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => { if (r.url() !== url) return; log.failed.push(`${r.url()}: ${r.failure()?.errorText}`); });
  page.on('websocket', (ws) => log.requests.push(ws.url()));
  page.on('console', (m) => { if (m.type() === 'error') log.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.ok(response === null || response.ok(), `loading ${url} failed`);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(200); // late console errors and requests (none expected)
  return { page, log };
}

function assertClean(log) {
  // requests first: each blocked request also logs a console error, less telling than the URL
  const others = log.requests.filter((u) => u !== log.url);
  assert.deepEqual(others, [], 'requests for anything but the page itself (pages must be self-contained)');
  assert.deepEqual(log.failed, [], 'the page itself failed to load');
  assert.deepEqual(log.pageErrors, [], 'page errors');
  assert.deepEqual(log.consoleErrors, [], 'console errors');
}

// The root must be an <svg> that knows its size, with no <parsererror> anywhere.
async function assertSvgParses(page) {
  const doc = await page.evaluate(() => {
    const root = document.documentElement;
    return {
      name: root.localName, ns: root.namespaceURI,
      viewBox: root.getAttribute('viewBox'), width: root.getAttribute('width'), height: root.getAttribute('height'),
      parseErrors: document.getElementsByTagNameNS('*', 'parsererror').length,
      parseErrorText: [...document.getElementsByTagNameNS('*', 'parsererror')].map((e) => e.textContent).join(' '),
    };
  });
  assert.equal(doc.parseErrors, 0, `XML parse error: ${doc.parseErrorText}`);
  assert.equal(doc.name, 'svg', 'root element');
  assert.equal(doc.ns, 'http://www.w3.org/2000/svg', 'root namespace');
  const vb = (doc.viewBox || '').trim().split(/[\s,]+/).map(Number);
  const hasViewBox = vb.length === 4 && vb.every(Number.isFinite) && vb[2] > 0 && vb[3] > 0;
  const hasSize = parseFloat(doc.width) > 0 && parseFloat(doc.height) > 0;
  assert.ok(hasViewBox || hasSize, `root svg has neither a usable viewBox (${doc.viewBox}) nor width/height`);
}

// Every rendered <text> of an SVG page, in document order, with its box in page pixels.
// A text counts as visible when the browser renders it (checkVisibility: not display:none,
// visibility:hidden or opacity 0, here or in an ancestor), it is painted (fill not none: halo
// copies drawn under a label are outlines only), it has a non-empty box and is not blank.
function svgTexts(page) {
  return page.evaluate(() => {
    const root = document.documentElement.getBoundingClientRect();
    return [...document.querySelectorAll('text')].map((el) => {
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const text = el.textContent.replace(/\s+/g, ' ').trim();
      const painted = cs.fill !== 'none' && Number(cs.fillOpacity) > 0;
      const visible = el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
                      painted && r.width > 0 && r.height > 0 && text !== '';
      return {
        text, visible, fontSize: parseFloat(cs.fontSize),
        left: r.left, top: r.top, right: r.right, bottom: r.bottom,
        // the x attribute, in user units: the timeline's row labels start in its left column
        x: el.x.baseVal.length ? el.x.baseVal[0].value : 0,
        inside: r.left >= root.left - 0.5 && r.right <= root.right + 0.5 &&
                r.top >= root.top - 0.5 && r.bottom <= root.bottom + 0.5,
      };
    });
  });
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

// A long title may be wrapped over several <text> lines: look for it in all the visible text
// joined in document order.
function assertShowsText(texts, wanted, what) {
  const joined = norm(texts.filter((t) => t.visible).map((t) => t.text).join(' '));
  assert.ok(joined.includes(norm(wanted)), `${what} "${wanted}" is not visible as text`);
}

function assertInsideCanvas(texts) {
  const outside = texts.filter((t) => t.visible && !t.inside).map((t) => t.text);
  assert.deepEqual(outside, [], 'text drawn (partly) outside the SVG canvas, so cut off');
}

// pairs of boxes that intersect by more than half a pixel both ways (touching is fine)
function overlaps(boxes) {
  const found = [];
  const eps = 0.5;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > eps && h > eps) found.push(`"${a.text}" and "${b.text}" (${w.toFixed(1)}x${h.toFixed(1)} px)`);
    }
  }
  return found;
}

async function assertScreenshot(page, name) {
  const file = path.join(outDir, `${name}.png`);
  // chromium never finishes a fullPage screenshot of an SVG document (it waits forever):
  // make the window as large as the drawing instead and take the window
  const svgSize = await page.evaluate(() => {
    if (document.documentElement.localName !== 'svg') return null;
    const r = document.documentElement.getBoundingClientRect();
    return { width: Math.ceil(r.width), height: Math.ceil(r.height) };
  });
  if (svgSize) await page.setViewportSize(svgSize);
  const png = decodePng(await page.screenshot({ path: file, fullPage: !svgSize }));
  if (svgSize) assert.deepEqual({ width: png.width, height: png.height }, svgSize, 'screenshot size');
  const white = png.px.every((v, i) => png.bpp === 3 || i % 4 !== 3 ? v === 255 : true);
  assert.ok(!white, `${file} is all white`);
  const stats = pixelStats(png);
  assert.ok(stats.colours >= 16, `${file} has only ${stats.colours} distinct colours: blank?`);
  assert.ok(stats.inked >= 0.01, `${file}: only ${(stats.inked * 100).toFixed(2)}% of pixels differ from the background`);
  return { file, ...stats, width: png.width, height: png.height };
}

// ---------------------------------------------------------------------------------------------
// the pages

for (const [name, label] of [['timeline', 'timeline SVG'], ['timeline-start', 'timeline SVG with --start 2025-01-19']]) {
  describe(label, () => {
    check('loads cleanly, parses, shows the title and every phase, labels do not overlap, renders', async (t) => {
      const { page, log } = await open(pages[name]);
      try {
        assertClean(log);
        await assertSvgParses(page);
        const texts = await svgTexts(page);
        assertShowsText(texts, expected.show.title, 'the agreement title');
        assert.ok(expected.show.phases.length > 0, 'the example has phases');
        for (const p of expected.show.phases) assertShowsText(texts, p.title, `phase ${p.id}'s title`);
        if (name === 'timeline-start') assertShowsText(texts, '2025-01-19', 'the start date');
        assertInsideCanvas(texts);

        // The row labels: the text lines of the left column (each obligation's id, its kind
        // and parties, each option), from the first obligation row down. They are the lines
        // that start left of the first phase band, below the phase headers and day axis.
        const firstRow = texts.find((x) => x.visible && x.text === expected.show.obligations[0].id);
        assert.ok(firstRow, `row label ${expected.show.obligations[0].id} not found`);
        const legend = texts.find((x) => x.visible && x.text === 'Kinds of obligation');
        const rows = texts.filter((x) => x.visible && x.x < 200 && x.top >= firstRow.top - 1 &&
                                         (!legend || x.bottom <= legend.top));
        for (const o of expected.show.obligations) {
          assert.ok(rows.some((x) => x.text === o.id), `obligation ${o.id} has no row label`);
        }
        assert.deepEqual(overlaps(rows), [], 'row labels overlap');
        // and no two text lines anywhere on the page overlap either
        assert.deepEqual(overlaps(texts.filter((x) => x.visible)), [], 'text labels overlap');

        const shot = await assertScreenshot(page, name);
        t.diagnostic(`${rows.length} row labels; screenshot ${shot.file} ${shot.width}x${shot.height}, ${shot.colours} colours`);
      } finally {
        await page.close();
      }
    });
  });
}

describe('map SVG', () => {
  check('loads cleanly, parses, shows the title and every zone in the legend, renders', async (t) => {
    const { page, log } = await open(pages.map);
    try {
      assertClean(log);
      await assertSvgParses(page);
      const texts = await svgTexts(page);
      assertShowsText(texts, expected.show.title, 'the agreement title');
      assertInsideCanvas(texts);
      // the legend, below its "Zones" heading: one bold line per zone, "id — name" or just "id"
      const heading = texts.findIndex((x) => x.visible && x.text === 'Zones');
      assert.ok(heading >= 0, 'no visible "Zones" legend heading');
      const legend = texts.slice(heading + 1).filter((x) => x.visible);
      assert.ok(expected.show.zones.length > 0, 'the example has zones');
      for (const z of expected.show.zones) {
        assert.ok(legend.some((x) => x.text === z.id || x.text.startsWith(`${z.id} — `)),
          `zone ${z.id} is not in the visible legend`);
      }
      assert.deepEqual(overlaps(legend), [], 'legend lines overlap');
      const shot = await assertScreenshot(page, 'map');
      t.diagnostic(`${expected.show.zones.length} zones; screenshot ${shot.file} ${shot.width}x${shot.height}, ${shot.colours} colours`);
    } finally {
      await page.close();
    }
  });
});

describe('diff HTML', () => {
  check('loads cleanly, parses, shows the summary and the changed fields side by side, renders', async (t) => {
    const { page, log } = await open(pages.diff);
    try {
      assertClean(log);
      const doc = await page.evaluate(() => ({
        mode: document.compatMode, root: document.documentElement.localName, title: document.title,
        overflow: document.scrollingElement.scrollWidth - window.innerWidth,
      }));
      assert.equal(doc.root, 'html');
      assert.equal(doc.mode, 'CSS1Compat', 'the page is in quirks mode (no or a wrong <!DOCTYPE html>)');
      assert.ok(doc.title.includes(DIFF_A) && doc.title.includes(DIFF_B), `title "${doc.title}"`);
      assert.ok(doc.overflow <= 0, `the page is ${doc.overflow}px wider than the window`);

      const d = expected.diff;
      const summary = page.locator('.summary');
      assert.ok(await summary.isVisible(), 'the summary is not visible');
      const summaryText = norm(await summary.innerText());
      assert.ok(summaryText.includes(`${d.changes} changes`), `summary "${summaryText}" lacks "${d.changes} changes"`);

      // every clause that changed has a visible row group, and each changed field shows its
      // old value under A and its new value under B
      const changed = d.clauses.filter((c) => c.change !== 'same');
      assert.ok(changed.length > 0, 'the two files differ');
      let fields = 0;
      for (const c of changed) {
        const group = page.locator(`tbody[id="${c.section}-${c.id}"]`);
        assert.ok(await group.isVisible(), `clause ${c.section} ${c.id} is not visible`);
        assert.ok(norm(await group.locator('th.clause').innerText()).startsWith(c.id), `clause ${c.id} header`);
        for (const f of c.fields.filter((f) => f.change === 'changed' && typeof f.a === 'string' && typeof f.b === 'string')) {
          const row = group.locator('tr.changed').filter({ has: page.locator('td.field', { hasText: f.field }) }).first();
          assert.ok(await row.isVisible(), `changed field ${c.id}.${f.field} is not visible`);
          const a = norm(await row.locator('td.a').innerText());
          const b = norm(await row.locator('td.b').innerText());
          assert.ok(a.includes(norm(f.a)), `${c.id}.${f.field}: A shows "${a}", not "${f.a}"`);
          assert.ok(b.includes(norm(f.b)), `${c.id}.${f.field}: B shows "${b}", not "${f.b}"`);
          fields++;
        }
      }
      assert.ok(fields > 0, 'no changed field was checked');
      const shot = await assertScreenshot(page, 'diff');
      t.diagnostic(`${changed.length} changed clauses, ${fields} changed fields; screenshot ${shot.file} ${shot.width}x${shot.height}, ${shot.colours} colours`);
    } finally {
      await page.close();
    }
  });
});

describe('implementation report HTML', () => {
  check('loads cleanly, says the reports are synthetic, shows every verdict, the map and the timeline, renders', async (t) => {
    const { page, log } = await open(pages.report);
    try {
      assertClean(log);
      const doc = await page.evaluate(() => ({
        mode: document.compatMode, root: document.documentElement.localName, title: document.title,
        h1: document.querySelector('h1')?.innerText ?? '',
        svgs: [...document.querySelectorAll('body > svg')].map((e) => {
          const r = e.getBoundingClientRect();
          return { width: r.width, height: r.height, texts: e.querySelectorAll('text').length };
        }),
        parseErrors: document.getElementsByTagName('parsererror').length,
      }));
      assert.equal(doc.root, 'html');
      assert.equal(doc.mode, 'CSS1Compat', 'the page is in quirks mode (no or a wrong <!DOCTYPE html>)');
      assert.equal(doc.parseErrors, 0);
      assert.ok(doc.title.includes(expected.show.title), `title "${doc.title}"`);
      assert.equal(norm(doc.h1), norm(expected.show.title));

      // the reports are made up, and the page must say so where a reader starts
      const st = expected.status;
      assert.ok(st.reports > 0 && st.synthetic_reports === st.reports, 'every synth report is labelled synthetic');
      const banner = page.locator('p.syn', { hasText: 'SYNTHETIC' });
      assert.ok(await banner.isVisible(), 'no visible synthetic banner');
      assert.ok(norm(await banner.innerText()).includes(`All ${st.reports} of the reports`), 'the banner counts the reports');

      // the scorecard: one visible row per obligation, with the verdict status --format json gives
      assert.ok(st.obligations.length > 0, 'the example has obligations');
      const rows = await page.evaluate(() => [...document.querySelectorAll('table tr')]
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()))
        .filter((cells) => cells.length >= 4));
      for (const o of st.obligations) {
        const row = rows.find((cells) => cells[0] === o.obligation);
        assert.ok(row, `obligation ${o.obligation} has no scorecard row`);
        assert.equal(row[3], o.verdict.replace(/-/g, ' '), `${o.obligation}: the page says ${row[3]}`);
      }
      const verdictCell = page.locator('td.v').first();
      assert.ok(await verdictCell.isVisible(), 'verdict cells are not visible');

      // the map and the timeline, inline and drawn
      assert.equal(doc.svgs.length, 2, 'the map and the timeline, inline');
      for (const svg of doc.svgs) assert.ok(svg.width > 100 && svg.height > 100 && svg.texts > 0, `an inline SVG is empty: ${JSON.stringify(svg)}`);

      const shot = await assertScreenshot(page, 'report');
      t.diagnostic(`${st.obligations.length} obligations, ${st.reports} reports; screenshot ${shot.file} ${shot.width}x${shot.height}, ${shot.colours} colours`);
    } finally {
      await page.close();
    }
  });
});
