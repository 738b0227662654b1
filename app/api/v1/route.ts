// /api/v1 itself is no endpoint: the same JSON 404 as any unknown path under it.
export { DELETE, GET, OPTIONS, PATCH, POST, PUT } from "./[...path]/route";
