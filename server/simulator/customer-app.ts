/**
 * The customer's side of the demo: the wallet app opening a Plusdesk page through /launch and the
 * customer tapping a button on it. It works as a browser without JavaScript does (cookies, a
 * redirect at a time, the page's own form posted as it is), so a tap here exercises the same
 * server action, session and checks as a tap on a phone.
 */
import { createLaunchToken } from "../auth/launch-token";

export class CustomerApp {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly launchSecret: string,
  ) {}

  /** Signs in by a fresh launch URL for `next`, as the wallet app opens the web view. */
  async open(customerId: string, next: string): Promise<void> {
    const token = await createLaunchToken(this.launchSecret, { customerId, locale: "en" });
    const landed = await this.get(`/launch?${new URLSearchParams({ token, next })}`);
    if (landed.path !== next) throw new Error(`launch landed on ${landed.path}, not ${next}`);
  }

  /**
   * Submits the form on `path` whose button reads `button` (English pages), exactly as the page
   * rendered it. Returns the path the answer redirected to.
   */
  async tap(path: string, button: string): Promise<string> {
    const page = await this.get(path);
    const form = formsOf(page.html).find((f) => f.button === button);
    if (!form) throw new Error(`no "${button}" button on ${page.path}`);
    const body = new FormData();
    for (const [name, value] of form.fields) body.append(name, value);
    const response = await this.request(page.path, { method: "POST", body });
    await response.arrayBuffer();
    const location = response.headers.get("location");
    if (!location) throw new Error(`"${button}" on ${page.path} answered HTTP ${response.status}`);
    return new URL(location, this.baseUrl).pathname;
  }

  /** GET following redirects one at a time (cookies set on the way are kept). */
  private async get(path: string): Promise<{ path: string; html: string }> {
    let current = path;
    for (let hop = 0; hop < 5; hop++) {
      const response = await this.request(current, { method: "GET" });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        const next = new URL(location, new URL(current, this.baseUrl));
        current = `${next.pathname}${next.search}`;
        continue;
      }
      if (!response.ok) throw new Error(`GET ${current} → HTTP ${response.status}`);
      return { path: current, html: await response.text() };
    }
    throw new Error(`too many redirects from ${path}`);
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: "manual",
      headers: {
        Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
        Origin: new URL(this.baseUrl).origin,
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  }
}

interface PageForm {
  button: string;
  fields: [string, string][];
}

/** The forms of a server-rendered page: their hidden fields and their submit button's text. */
function formsOf(html: string): PageForm[] {
  return [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map(([, inner = ""]) => ({
    button: decodeEntities(/<button\b[^>]*>([\s\S]*?)<\/button>/.exec(inner)?.[1] ?? "").trim(),
    fields: [...inner.matchAll(/<input\b([^>]*)>/g)].flatMap(([, attributes = ""]) => {
      const name = /\bname="([^"]*)"/.exec(attributes)?.[1];
      const value = /\bvalue="([^"]*)"/.exec(attributes)?.[1] ?? "";
      return name === undefined ? [] : [[decodeEntities(name), decodeEntities(value)]];
    }),
  }));
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
