import type { Messages } from "./en";

export const zhHans = {
  launch: {
    expired: {
      title: "此链接已过期",
      body: "为保障您的安全，钱包链接仅在几分钟内有效。请返回钱包应用重新打开此页面。",
    },
    reused: {
      title: "此链接已被使用",
      body: "每个钱包链接只能打开一次页面。请返回钱包应用重新打开此页面。",
    },
    invalid: {
      title: "此链接无效",
      body: "无法通过此链接打开页面。请返回钱包应用重试。",
    },
    signedOut: {
      title: "您的会话已结束",
      body: "为保障您的安全，页面在 30 分钟无操作后关闭。请返回钱包应用重新打开。",
    },
  },
} satisfies Messages;
