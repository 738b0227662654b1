"use server";

import { currentUser } from "@/lib/auth/context";
import { signOut } from "@/lib/auth/config";
import { closeAllSessions } from "@/lib/auth/sessions";

/** Ends this browser's session (its server-side row goes, so a copied cookie dies with it). */
export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

/** Ends every session of the signed-in user, on every device and server. */
export async function signOutEverywhereAction() {
  const user = await currentUser();
  if (user) await closeAllSessions(user.id);
  await signOut({ redirectTo: "/login?signedOut=everywhere" });
}
