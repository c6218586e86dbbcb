/**
 * The two small pages of the unsubscribe link, es-CL first and English below. Static text: no
 * booking detail is shown (whoever holds the link sees nothing about the appointment). The form
 * posts back to the page's own URL, as RFC 8058's one-click POST.
 */
const page = (title: string, body: string) =>
  '<!doctype html><html lang="es-CL"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  `<meta name="robots" content="noindex"><title>${title}</title>` +
  '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}' +
  'button{font:inherit;padding:.75rem 1.25rem;border:0;border-radius:.5rem;background:#0b4f9c;color:#fff;cursor:pointer}' +
  '.en{color:#555;border-top:1px solid #ddd;margin-top:2rem;padding-top:1rem}</style></head>' +
  `<body>${body}</body></html>`;

export function confirmationPage(): string {
  return page(
    'Dejar de recibir recordatorios',
    '<h1>¿Dejar de recibir recordatorios?</h1>' +
      '<p>No le enviaremos más recordatorios de esta reserva. Su hora sigue reservada; los demás avisos (cambios, cancelaciones) le seguirán llegando.</p>' +
      '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">' +
      '<button type="submit">Dejar de recibir recordatorios / Stop reminders</button></form>' +
      '<p class="en" lang="en">Stop receiving reminders? We will send no more reminders of this booking. Your appointment stays booked; other messages (changes, cancellations) still reach you.</p>',
  );
}

export function unsubscribedPage(): string {
  return page(
    'Recordatorios desactivados',
    '<h1>Listo: no recibirá más recordatorios de esta reserva</h1>' +
      '<p>Su hora sigue reservada. Si no podrá asistir, cancélela en «Mi reserva» para que otra persona pueda usarla.</p>' +
      '<p class="en" lang="en">Done: you will receive no more reminders of this booking. Your appointment stays booked; if you cannot come, cancel it in "My booking" so that someone else can have it.</p>',
  );
}
