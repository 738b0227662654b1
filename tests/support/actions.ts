// The one app client (sign-in, server actions) lives with the scripts that also use it.
export * from "../../scripts/lib/app-client";
