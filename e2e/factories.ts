// Specs seed what they need through the same factories as the HTTP tests.
export { actorFor, freshUser, makeToken } from "../tests/support/factories";
