"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

export function CopyButton({
  value,
  label = "Copy",
  className,
  onCopied,
}: {
  value: string;
  label?: string;
  className?: string;
  onCopied?: () => void;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        className={className}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            setState("copied");
            onCopied?.();
          } catch {
            setState("failed");
          }
        }}
      >
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed — select and copy" : label}
      </Button>
      <span className="sr-only" aria-live="polite">
        {state === "copied" ? "Copied to clipboard" : ""}
      </span>
    </>
  );
}
