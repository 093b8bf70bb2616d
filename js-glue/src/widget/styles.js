// The widget's stylesheet as a string: adopted as a constructable sheet in the browser and
// inlined by the server-side markup, so both renderings look the same. Every colour and metric a
// merchant may want to change goes through a --cartlift-* custom property; the --_ ones are
// private resolutions of those per theme.

export const STYLES = `
:host{display:block;contain:layout style;
--_accent:var(--cartlift-accent,#2f55d4);--_accent-fg:var(--cartlift-accent-fg,#fff);
--_bg:var(--cartlift-bg,#fff);--_fg:var(--cartlift-fg,#17191f);--_muted:var(--cartlift-muted,#5b6270);
--_border:var(--cartlift-border,#e3e5ea);--_surface:var(--cartlift-surface,#f5f6f8);
--_tint:var(--cartlift-tint,#eef2ff);--_shadow:var(--cartlift-shadow,0 1px 2px rgb(16 24 40/.05),0 4px 16px -6px rgb(16 24 40/.08));
--_radius:var(--cartlift-radius,14px);
--_font:var(--cartlift-font,ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif);
color-scheme:light}
:host([hidden]){display:none}
:host([aria-busy="true"]){min-height:var(--cartlift-reserve,0px)}
@media (prefers-color-scheme:dark){:host(:not([theme="light"])){
--_accent:var(--cartlift-accent,#8da2ff);--_accent-fg:var(--cartlift-accent-fg,#0b1020);
--_bg:var(--cartlift-bg,#16181d);--_fg:var(--cartlift-fg,#eceef2);--_muted:var(--cartlift-muted,#a2a8b5);
--_border:var(--cartlift-border,#2a2e37);--_surface:var(--cartlift-surface,#1e2128);
--_tint:var(--cartlift-tint,#1d2238);--_shadow:var(--cartlift-shadow,0 1px 2px rgb(0 0 0/.3));color-scheme:dark}}
:host([theme="dark"]){
--_accent:var(--cartlift-accent,#8da2ff);--_accent-fg:var(--cartlift-accent-fg,#0b1020);
--_bg:var(--cartlift-bg,#16181d);--_fg:var(--cartlift-fg,#eceef2);--_muted:var(--cartlift-muted,#a2a8b5);
--_border:var(--cartlift-border,#2a2e37);--_surface:var(--cartlift-surface,#1e2128);
--_tint:var(--cartlift-tint,#1d2238);--_shadow:var(--cartlift-shadow,0 1px 2px rgb(0 0 0/.3));color-scheme:dark}
*,*::before,*::after{box-sizing:border-box}
.cl{container-type:inline-size;font-family:var(--_font);font-size:15px;line-height:1.45;color:var(--_fg);
background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);box-shadow:var(--_shadow);
padding:20px 20px 18px;display:grid;gap:16px;-webkit-font-smoothing:antialiased}
.cl-head{display:grid;gap:2px}
.cl-heading{margin:0;font-size:17px;line-height:1.3;font-weight:650;letter-spacing:-.01em}
.cl-sub{margin:0;font-size:13px;color:var(--_muted)}
.cl-list{list-style:none;margin:0 -8px;padding:0;display:grid;gap:2px}
.cl-item{display:grid;grid-template-columns:auto 60px minmax(0,1fr) auto;align-items:center;gap:14px;
padding:10px 8px;border-radius:calc(var(--_radius) - 4px);transition:background-color .15s ease,opacity .15s ease}
.cl-item:hover{background:var(--_surface)}
.cl-item:has(.cl-check:not(:checked)) .cl-media{opacity:.4;filter:grayscale(.6)}
.cl-item:has(.cl-check:not(:checked)) :is(.cl-name,.cl-price){color:var(--_muted)}
.cl-check{width:20px;height:20px;margin:0;accent-color:var(--_accent);cursor:pointer}
.cl-media{width:60px;height:60px;border-radius:10px;background:var(--_surface);border:1px solid var(--_border);
object-fit:cover;display:grid;place-items:center;overflow:hidden;color:var(--_muted);font-weight:600;font-size:20px;
transition:opacity .15s ease,filter .15s ease}
.cl-text{min-width:0;display:grid;grid-template-columns:minmax(0,1fr);gap:3px}
.cl-name{margin:0;font-size:15px;font-weight:560;line-height:1.35;color:inherit;text-decoration:none;
overflow-wrap:anywhere;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2;overflow:hidden}
a.cl-name:hover{text-decoration:underline;text-underline-offset:2px}
.cl-reason{margin:0;font-size:12.5px;line-height:1.4;color:var(--_muted);overflow-wrap:anywhere;
display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2;overflow:hidden}
.cl-price{transition:color .15s ease;font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap;text-align:end}
.cl-foot{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:12px 20px;
padding-top:16px;border-top:1px solid var(--_border)}
.cl-total{margin:0;font-size:14px;color:var(--_muted)}
.cl-total strong{display:block;color:var(--_fg);font-size:20px;font-weight:650;font-variant-numeric:tabular-nums;letter-spacing:-.01em}
.cl-btn{appearance:none;border:0;border-radius:calc(var(--_radius) - 4px);background:var(--_accent);color:var(--_accent-fg);
font:inherit;font-weight:600;font-size:15px;line-height:1.2;min-height:46px;padding:12px 22px;cursor:pointer;
transition:filter .15s ease,transform .1s ease;white-space:nowrap}
.cl-btn:hover:not(:disabled){filter:brightness(1.08)}
.cl-btn:active:not(:disabled){transform:translateY(1px)}
.cl-btn:disabled{opacity:.45;cursor:not-allowed}
.cl-btn-quiet{background:transparent;color:var(--_accent);box-shadow:inset 0 0 0 1.5px currentColor;min-height:40px;padding:9px 16px;font-size:14px}
:focus-visible{outline:2px solid var(--_accent);outline-offset:2px}
.cl-card{display:grid;grid-template-columns:60px minmax(0,1fr) auto;align-items:center;gap:14px;padding:14px;
border-radius:calc(var(--_radius) - 2px);background:var(--_tint);border:1px solid color-mix(in srgb,var(--_accent) 22%,transparent)}
.cl-eyebrow{display:inline-block;justify-self:start;font-size:11px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;
color:var(--_accent);margin:0}
.cl-diff{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 0;padding:0;list-style:none;font-size:12.5px;color:var(--_muted)}
.cl-diff li{background:var(--_bg);border:1px solid var(--_border);border-radius:999px;padding:2px 10px;max-width:100%;
white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.cl-diff b{font-weight:600;color:var(--_fg)}
.cl-delta{font-weight:650;font-variant-numeric:tabular-nums;color:var(--_fg);white-space:nowrap}
.cl-side{display:grid;justify-items:end;gap:8px}
.cl-note{display:grid;grid-template-columns:auto minmax(0,1fr) auto;align-items:center;gap:12px;padding:12px 14px;
border-radius:calc(var(--_radius) - 2px);background:var(--_tint);font-size:14px}
.cl-note::before{content:"";width:8px;height:8px;border-radius:50%;background:var(--_accent);box-shadow:0 0 0 4px color-mix(in srgb,var(--_accent) 20%,transparent)}
.cl-note .cl-text{gap:1px}
.cl-message{margin:0;font-weight:560}
.cl-note .cl-reason{-webkit-line-clamp:1;line-clamp:1}
.cl-note .cl-name{font-size:12.5px;font-weight:450;color:var(--_muted);display:inline}
.cl-bundle-items{margin:4px 0 0;padding:0;list-style:none;font-size:12.5px;color:var(--_muted);display:grid;gap:2px}
.cl-bundle-items li{display:flex;justify-content:space-between;gap:10px;min-width:0}
.cl-bundle-name{color:inherit;text-decoration:none;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}
a.cl-bundle-name:hover{text-decoration:underline;text-underline-offset:2px;color:var(--_fg)}
.cl-bundle-price{font-variant-numeric:tabular-nums;white-space:nowrap}
.cl-price-group{display:flex;align-items:baseline;gap:8px}
.cl-was{font-size:13px;color:var(--_muted);font-variant-numeric:tabular-nums;white-space:nowrap}
.cl-save{font-size:12.5px;font-weight:600;color:var(--_fg);white-space:nowrap}
.cl-card-quiet{background:var(--_surface);border-color:var(--_border)}
.cl-reward{grid-template-columns:auto minmax(0,1fr);background:transparent;border:1px dashed var(--_border)}
.cl-reward::before{background:var(--_muted);box-shadow:none}
.cl-reward .cl-message{font-weight:500}
.cl-reward .cl-reason{display:block;overflow:visible;line-height:1.7}
.cl-code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;font-weight:600;color:var(--_fg);
background:var(--_surface);border:1px solid var(--_border);border-radius:6px;padding:1px 6px;-webkit-user-select:all;user-select:all;overflow-wrap:anywhere}
.cl-sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@container (max-width:460px){
.cl{padding:16px}
.cl-item{grid-template-columns:auto 48px minmax(0,1fr);gap:12px}
.cl-item .cl-price{grid-column:3;text-align:start;margin-top:-6px}
.cl-media{width:48px;height:48px}
.cl-foot .cl-btn{width:100%}
.cl-card{grid-template-columns:48px minmax(0,1fr)}
.cl-card .cl-side{grid-column:1/-1;justify-items:stretch}
.cl-card .cl-price-group,.cl-card .cl-save{justify-self:start}
.cl-volume{grid-template-columns:auto minmax(0,1fr)}
.cl-volume .cl-btn{grid-column:1/-1}
}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{transition:none!important;animation:none!important}}
@media (forced-colors:active){.cl-btn{border:1px solid ButtonText}.cl-note::before{background:CanvasText}}
`;

let shared = null;

/** One constructable sheet for every element on the page (parsed once); null where unsupported. */
export function sharedSheet() {
  if (shared !== null) return shared || null;
  shared = false;
  try {
    if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLES);
      shared = sheet;
    }
  } catch {
    // Older engines: callers fall back to a <style> element.
  }
  return shared || null;
}
