// Small formatting helpers shared by the views.
export function clock(seconds) {
  if (seconds == null || !isFinite(seconds)) return '';
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function bytes(n) {
  if (n == null) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function dateTime(iso, lang) {
  return iso ? new Date(iso).toLocaleString(lang) : '';
}

/** "0:03 · 512×480 · 30 fps · 1.2 Mbps · h264" */
export function probeSummary(u) {
  const parts = [clock(u.durationSeconds)];
  if (u.width) parts.push(`${u.width}×${u.height}`);
  if (u.framesPerSecond) parts.push(`${u.framesPerSecond} fps`);
  if (u.bitRateMbps != null) parts.push(`${u.bitRateMbps} Mbps`);
  parts.push(u.videoCodec && u.kind === 'video' ? u.videoCodec : (u.audioCodec || ''));
  return parts.filter(Boolean).join(' · ');
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child != null) node.append(child);
  return node;
}
