/** `compact`: the mark alone on phones, where the header has little room. */
export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2 font-semibold text-slate-900">
      <svg viewBox="0 0 24 24" className="size-6 text-brand-600" aria-hidden>
        <rect x="3" y="4" width="4" height="16" rx="1" fill="currentColor" />
        <rect x="17" y="4" width="4" height="16" rx="1" fill="currentColor" />
        <rect x="7" y="8" width="10" height="2.5" rx="1" fill="currentColor" opacity=".55" />
      </svg>
      <span className={compact ? "max-sm:sr-only" : undefined}>Tollgate</span>
    </span>
  );
}
