export default function ApiDocs() {
  return <main className="mx-auto max-w-3xl px-6 py-10"><h1 className="text-2xl font-semibold">Tollgate API</h1></main>;
}
