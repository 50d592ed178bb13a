import type { Messages } from "./en";

export const zhHant = {
  launch: {
    expired: {
      title: "此連結已過期",
      body: "為保障您的安全，錢包連結僅在幾分鐘內有效。請返回錢包應用程式重新開啟此頁面。",
    },
    reused: {
      title: "此連結已被使用",
      body: "每個錢包連結只能開啟一次頁面。請返回錢包應用程式重新開啟此頁面。",
    },
    invalid: {
      title: "此連結無效",
      body: "無法透過此連結開啟頁面。請返回錢包應用程式再試一次。",
    },
    signedOut: {
      title: "您的工作階段已結束",
      body: "為保障您的安全，頁面在 30 分鐘無操作後關閉。請返回錢包應用程式重新開啟。",
    },
  },
} satisfies Messages;
