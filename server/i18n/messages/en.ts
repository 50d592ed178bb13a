/** English: the reference catalogue. Every other language must have exactly these keys. */
export const en = {
  launch: {
    expired: {
      title: "This link has expired",
      body: "For your security, wallet links work for a few minutes only. Go back to the wallet app and open the page again.",
    },
    reused: {
      title: "This link was already used",
      body: "Each wallet link opens the page once. Go back to the wallet app and open the page again.",
    },
    invalid: {
      title: "This link is not valid",
      body: "The page could not be opened from this link. Go back to the wallet app and try again.",
    },
    signedOut: {
      title: "Your session has ended",
      body: "For your security, the page closes after 30 minutes without activity. Go back to the wallet app and open it again.",
    },
  },
};

export type Messages = typeof en;
