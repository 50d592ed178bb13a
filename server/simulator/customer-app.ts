/**
 * The customer's side of the demo: the wallet app opening a Plusdesk page through /launch and the
 * customer tapping a button on it. It works as a browser without JavaScript does (cookies, a
 * redirect at a time, the page's own form posted as it is), so a tap here exercises the same
 * server action, session and checks as a tap on a phone. The web view also opens merchants'
 * pages (an absolute address on another origin): Plusdesk's cookies never go there.
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
    return new URL(location, this.urlOf(page.path)).pathname;
  }

  /** The page after redirects: its HTML, and its text as a reader sees it (tags dropped). */
  async read(path: string): Promise<{ html: string; text: string }> {
    const { html } = await this.get(path);
    return { html, text: decodeEntities(html.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ") };
  }

  /** The button labels of the page's forms, in order. */
  async buttons(path: string): Promise<string[]> {
    return formsOf((await this.get(path)).html).map((form) => form.button);
  }

  /** GET following redirects one at a time (cookies set on the way are kept). */
  private async get(path: string): Promise<{ path: string; html: string }> {
    let current = path;
    for (let hop = 0; hop < 5; hop++) {
      const response = await this.request(current, { method: "GET" });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        const next = new URL(location, this.urlOf(current));
        current = this.ownSite(next) ? `${next.pathname}${next.search}` : next.href;
        continue;
      }
      if (!response.ok) throw new Error(`GET ${current} → HTTP ${response.status}`);
      return { path: current, html: await response.text() };
    }
    throw new Error(`too many redirects from ${path}`);
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const url = this.urlOf(path);
    const own = this.ownSite(url);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(own ? { Cookie: cookie } : {}), Origin: url.origin },
    });
    if (!own) return response;
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  }

  /** A path on Plusdesk, or an absolute address (a merchant's page). */
  private urlOf(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  private ownSite(url: URL): boolean {
    return url.origin === new URL(this.baseUrl).origin;
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
