// Browser notifications for messages from others while the tab is hidden.
// Permission is only requested from a click on the "Enable notifications" button.

export function notificationsSupported() {
  return typeof window.Notification === 'function';
}

export function permission() {
  return notificationsSupported() ? Notification.permission : 'unsupported';
}

export async function requestPermission() {
  if (!notificationsSupported()) return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

let silenced = () => false;

/** `isQuiet()` true keeps notifications off (quiet hours). */
export function silenceWhile(isQuiet) {
  silenced = isQuiet;
}

export function notifyMessage(m, room, onClick) {
  if (!document.hidden || permission() !== 'granted' || silenced()) return;
  let body = typeof m.text === 'string' ? m.text : '';
  if (!body && m.media) {
    body = { voice: 'Voice clip', image: 'Image', video: 'Video' }[m.media.kind] || `File: ${m.media.name || 'attachment'}`;
  }
  if (body.length > 180) body = `${body.slice(0, 177)}…`;
  try {
    const n = new Notification(`${m.author} in #${room.name}`, { body, tag: `kaftalk-${m.roomId}` });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // some platforms only allow notifications from a service worker; nothing else to do
  }
}
