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
  pages: {
    navigation: "Navigasi halaman",
    backToTransactions: "Kembali ke transaksi",
    unknownMerchant: "Merchant",
    notFound: {
      title: "Transaksi tidak ditemukan",
      body: "Tidak ada transaksi untuk tautan ini di riwayat Anda. Periksa tautannya, atau buka transaksi Anda.",
      action: "Buka transaksi Anda",
    },
  },
  transactionStatus: {
    paid: "Dibayar",
    partlyRefunded: "Dikembalikan sebagian",
    refunded: "Dikembalikan",
    cancelled: "Dibatalkan",
    failed: "Gagal",
  },
  failureReason: {
    riskDeclined:
      "Pembayaran ini dihentikan oleh pemeriksaan keamanan kami untuk melindungi akun Anda. Tidak ada uang yang diambil dari dompet Anda. Jika ada pertanyaan, hubungi layanan pelanggan dompet.",
    balanceNotEnough:
      "Saldo dompet Anda tidak cukup untuk pembayaran ini. Tidak ada uang yang diambil dari dompet Anda.",
    accountRestricted:
      "Dompet Anda tidak dapat melakukan pembayaran saat ini. Tidak ada uang yang diambil. Layanan pelanggan dompet dapat membantu.",
    verificationNeeded:
      "Selesaikan verifikasi identitas di aplikasi dompet untuk melakukan pembayaran seperti ini. Tidak ada uang yang diambil.",
    currencyNotSupported:
      "Pembayaran ini diminta dalam mata uang yang tidak digunakan dompet Anda. Tidak ada uang yang diambil.",
    singlePaymentLimit:
      "Pembayaran ini melebihi batas satu kali pembayaran yang diizinkan dompet Anda. Tidak ada uang yang diambil dari dompet Anda.",
    dailyAmountLimit:
      "Pembayaran ini akan melebihi jumlah yang diizinkan dompet Anda untuk dibelanjakan dalam 24 jam. Tidak ada uang yang diambil dari dompet Anda.",
    dailyCountLimit:
      "Anda telah mencapai jumlah pembayaran yang diizinkan dompet Anda dalam 24 jam. Tidak ada uang yang diambil dari dompet Anda.",
    other: "Pembayaran ini tidak dapat diselesaikan. Tidak ada uang yang diambil dari dompet Anda.",
  },
  promotionType: {
    CASH_BACK: "Cashback",
    DISCOUNT: "Diskon",
    VOUCHER: "Voucher",
    CASHLESS_FIXED_VOUCHER: "Voucher",
    POINT: "Poin",
    other: "Promo",
  },
  promotion: {
    unnamed: "Promo Alipay+",
  },
  history: {
    title: "Transaksi",
    empty: "Belum ada transaksi. Pembayaran yang Anda lakukan dengan Alipay+ akan muncul di sini.",
    saved: "Hemat {amount}",
    discountApplied: "Diskon diterapkan",
    loadMore: "Muat lebih banyak",
    loading: "Memuat transaksi lainnya…",
    loaded: "Transaksi lainnya sudah dimuat.",
    loadFailed: "Transaksi lainnya tidak dapat dimuat. Periksa koneksi Anda dan coba lagi.",
    newest: "Kembali ke yang terbaru",
  },
  transaction: {
    title: "Detail transaksi",
    amountPaid: "Jumlah dibayar",
    amountNotPaid: "Jumlah (tidak dibayar)",
    beforeSurcharge: "Sebelum biaya tambahan",
    time: "Waktu",
    status: "Status",
    merchantHeading: "Merchant",
    merchantName: "Nama",
    merchantOriginalName: "Nama dalam bahasa setempat",
    store: "Toko",
    orderDescription: "Pesanan",
    amountsHeading: "Jumlah",
    orderAmount: "Jumlah pesanan",
    totalSaved: "Total hemat",
    exchangeRate: "Kurs",
    promotionsHeading: "Promo yang diterapkan",
    promotionSaving: "Anda hemat {amount}",
    receivedAs: "Semula {amount}",
    notConvertible:
      "Ditampilkan dalam mata uang asalnya: tidak ada kurs dari mata uang ini ke mata uang dompet Anda, jadi tidak termasuk dalam total hemat.",
    refundsHeading: "Pengembalian dana",
    noRefunds: "Belum ada pengembalian dana.",
    refundLink: "Pengembalian dana {amount}",
    referencesHeading: "Referensi",
    paymentId: "ID pembayaran",
    paymentRequestId: "ID permintaan pembayaran Alipay+",
  },
  cashier: {
    title: "Konfirmasi pembayaran",
    toPay: "Jumlah yang dibayar",
    inOrderCurrency: "{amount} dalam mata uang merchant",
    payBefore: "Bayar sebelum {time}",
    pay: "Bayar",
    paying: "Membayar…",
    return: "Kembali",
    balanceShort:
      "Saldo dompet Anda tidak cukup untuk pembayaran ini. Tidak ada dana yang diambil. Isi saldo di aplikasi dompet, lalu ketuk Bayar lagi.",
    closedTitle: "Pesanan ditutup",
    closedBody:
      "Pesanan ini ditutup sebelum dibayar. Tidak ada dana yang diambil dari dompet Anda.",
  },
  paymentResult: {
    title: "Hasil pembayaran",
    headline: {
      paid: "Pembayaran berhasil",
      partlyRefunded: "Pembayaran berhasil",
      refunded: "Pembayaran berhasil",
      cancelled: "Pembayaran dibatalkan",
      failed: "Pembayaran tidak selesai",
    },
    amountPaid: "Jumlah dibayar",
    merchant: "Merchant",
    orderAmount: "Jumlah pesanan",
    inWalletCurrency: "≈ {amount}",
    exchangeRate: "Kurs",
    discountsHeading: "Diskon",
    alipayDiscount: "Diskon Alipay+",
    discountDetails: "Lihat detail diskon",
    paidWith: "Dibayar dengan Alipay+",
    confirm: "Konfirmasi",
    returningToMerchant: "Kembali ke merchant dalam {time}",
    stop: "Berhenti",
    stayingHere: "Anda tetap di halaman ini. Ketuk Konfirmasi jika sudah siap.",
  },
  refundResult: {
    title: "Pengembalian dana",
    returned: "Dikembalikan ke dompet Anda",
    refundAmount: "Pengembalian dalam mata uang pesanan",
    time: "Waktu",
    merchant: "Merchant",
    viewPayment: "Lihat pembayaran",
    promotionsHeading: "Promo pada pembayaran ini",
    promotionsIntro:
      "Jumlah yang ditarik kembali oleh pengembalian dana ini dari setiap promo yang Anda gunakan.",
    saved: "Hemat",
    takenBack: "Ditarik kembali oleh pengembalian ini",
    nothingTakenBack: "Tidak ada",
    remaining: "Sisa setelah pengembalian ini",
    otherPromotions: "Promo lain dalam pengembalian dana ini",
    totalsHeading: "Pembayaran setelah pengembalian ini",
    paid: "Dibayar",
    refunded: "Total dikembalikan",
    left: "Sisa",
  },
} satisfies Messages;
