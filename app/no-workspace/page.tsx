import { SignOutButton } from "@/app/account/sign-out-button";

export default function NoWorkspace() {
  return (
    <main className="mx-auto max-w-md px-6 py-24 text-center">
      <h1 className="text-xl font-semibold">You are not in a workspace yet</h1>
      <p className="mt-2 text-sm text-slate-600">Ask a workspace owner or admin to add you, then sign in again.</p>
      <div className="mt-6 flex justify-center">
        <SignOutButton />
      </div>
    </main>
  );
}
