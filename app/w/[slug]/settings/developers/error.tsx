"use client";

import { Button } from "@/components/ui/button";

export default function DevelopersError({ reset }: { error: Error; reset: () => void }) {
  return (
    <section role="alert" className="rounded-xl bg-white p-8 text-center ring-1 ring-red-200">
      <h2 className="text-lg font-semibold text-red-800">The API tokens could not be loaded</h2>
      <p className="mt-2 text-sm text-slate-600">
        Something went wrong on our side while reading this workspace&apos;s tokens. Nothing was changed.
      </p>
      <Button className="mt-4" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </section>
  );
}
