export default function Loading() {
  return (
    <section aria-busy="true" aria-label="Loading API tokens" className="space-y-4">
      <div className="flex items-center justify-between">
        <div className="h-6 w-40 animate-pulse rounded bg-slate-200" />
        <div className="h-9 w-32 animate-pulse rounded bg-slate-200" />
      </div>
      <div className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
        {["a", "b", "c", "d"].map((row) => (
          <div key={row} className="h-12 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </section>
  );
}
