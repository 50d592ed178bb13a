import type { Messages } from "./en";

export const id = {
  launch: {
    expired: {
      title: "Tautan ini sudah kedaluwarsa",
      body: "Demi keamanan Anda, tautan dompet hanya berlaku beberapa menit. Kembali ke aplikasi dompet dan buka halaman ini lagi.",
    },
    reused: {
      title: "Tautan ini sudah digunakan",
      body: "Setiap tautan dompet hanya dapat membuka halaman satu kali. Kembali ke aplikasi dompet dan buka halaman ini lagi.",
    },
    invalid: {
      title: "Tautan ini tidak valid",
      body: "Halaman tidak dapat dibuka dari tautan ini. Kembali ke aplikasi dompet dan coba lagi.",
    },
    signedOut: {
      title: "Sesi Anda telah berakhir",
      body: "Demi keamanan Anda, halaman ditutup setelah 30 menit tanpa aktivitas. Kembali ke aplikasi dompet dan buka lagi.",
    },
  },
} satisfies Messages;
