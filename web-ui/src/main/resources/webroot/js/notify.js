// Browser notifications for messages from others while the tab is hidden, as the server's `notify` says, and for
// urgent messages that broke through the user's quiet hours.
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

const REASONS = { dm: 'direct message', mention: 'mention' };

/**
 * A live message's notification, as the server decided it (the frame's `notify`: quiet hours, the room's level,
 * mentions and the urgent permission): `none` shows nothing, `normal` the usual one while the tab is hidden, `urgent`
 * one marked as breaking through the user's quiet hours, even while the tab is shown. A frame that says nothing (a
 * server from before levels) counts as normal: it already keeps frames from a quiet user.
 */
export function notifyMessage(m, room, frame, onClick) {
  const level = frame.notify === 'none' || frame.notify === 'urgent' ? frame.notify : 'normal';
  if (level === 'none' || (level === 'normal' && !document.hidden)) return;
  let body = typeof m.text === 'string' ? m.text : '';
  if (!body && m.media) {
    body = { voice: 'Voice clip', image: 'Image', video: 'Video' }[m.media.kind] || `File: ${m.media.name || 'attachment'}`;
  }
  if (body.length > 180) body = `${body.slice(0, 177)}…`;
  const where = room.kind === 'dm' ? m.author : `${m.author} in #${room.name}`;
  if (level === 'urgent') {
    const by = (frame.urgent && frame.urgent.by) || m.author;
    const why = REASONS[frame.urgent && frame.urgent.reason] || 'urgent';
    show(`Urgent: ${by} broke through your quiet hours (${why})`, { body, tag: `kaftalk-urgent-${m.id}`, requireInteraction: true }, onClick);
  } else {
    show(where, { body, tag: `kaftalk-${m.roomId}` }, onClick);
  }
}

/**
 * One notification for a whole quiet-hours batch (only called when one of its messages may notify); `summary` says
 * what it held ("3 messages in 2 rooms").
 */
export function notifyBatch(summary, onClick) {
  if (!document.hidden) return;
  show('While you were away', { body: summary, tag: 'kaftalk-batch' }, onClick);
}

function show(title, options, onClick) {
  if (permission() !== 'granted') return;
  try {
    const n = new Notification(title, options);
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // some platforms only allow notifications from a service worker; nothing else to do
  }
}
