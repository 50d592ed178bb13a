import type { Messages } from "./en";

export const ko = {
  launch: {
    expired: {
      title: "링크가 만료되었습니다",
      body: "보안을 위해 지갑 링크는 몇 분 동안만 유효합니다. 지갑 앱으로 돌아가 페이지를 다시 열어 주세요.",
    },
    reused: {
      title: "이미 사용된 링크입니다",
      body: "지갑 링크는 한 번만 페이지를 열 수 있습니다. 지갑 앱으로 돌아가 페이지를 다시 열어 주세요.",
    },
    invalid: {
      title: "유효하지 않은 링크입니다",
      body: "이 링크로는 페이지를 열 수 없습니다. 지갑 앱으로 돌아가 다시 시도해 주세요.",
    },
    signedOut: {
      title: "세션이 종료되었습니다",
      body: "보안을 위해 30분 동안 활동이 없으면 페이지가 닫힙니다. 지갑 앱으로 돌아가 다시 열어 주세요.",
    },
  },
} satisfies Messages;
