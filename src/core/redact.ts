// A URL's password (https://user:secret@host/) is shown as *** wherever a URL is printed or
// recorded: reports, CI logs and record files outlive the terminal.
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^/?#@:\s"']*:)[^/?#\s"']+@/gi;

/** Every URL password in a text (a URL, or a message that quotes one) replaced by ***. */
export function maskUrlPasswords(text: string): string {
  return text.includes('@') ? text.replace(URL_PASSWORD, '$1***@') : text;
}
