export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-6">
      <h1 className="text-2xl font-semibold">Plusdesk</h1>
      <p className="mt-2 text-slate-700">
        The wallet side of Alipay+ marketing activities. The Alipay+ gateway answers at{" "}
        <code className="rounded bg-slate-200 px-1">/aps/api/v1/payments/*</code>; the wallet app
        backend mirrors customers at{" "}
        <code className="rounded bg-slate-200 px-1">/api/wallet/v1</code>.
      </p>
    </main>
  );
}
