// A small but real OpenID Connect provider on 127.0.0.1 for sign-in tests:
// discovery, authorization code with PKCE, RS256-signed ID tokens, JWKS and
// userinfo. Each test says who the next person to sign in is (`nextLogin`),
// as if that person had typed their password at the provider.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { listen, type Listening } from "./http";

export interface Identity {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

interface Grant {
  identity: Identity;
  clientId: string;
  redirectUri: string;
  nonce?: string;
  challenge?: string;
}

export interface OidcProvider extends Listening {
  issuer: string;
  nextLogin: Identity | null;
}

export async function startOidcProvider(options: { port: number; clientId: string; clientSecret: string }): Promise<OidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const issuer = `http://127.0.0.1:${options.port}`;
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, Identity>();
  const provider = { issuer, nextLogin: null } as OidcProvider;

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
  };
  const readBody = (req: http.IncomingMessage) =>
    new Promise<URLSearchParams>((resolve) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => resolve(new URLSearchParams(data)));
    });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported: ["S256"],
        scopes_supported: ["openid", "email", "profile"],
      });
    }
    if (url.pathname === "/jwks") return json(res, 200, { keys: [jwk] });
    if (url.pathname === "/authorize") {
      const q = url.searchParams;
      if (q.get("client_id") !== options.clientId || !provider.nextLogin) return json(res, 400, { error: "invalid_request" });
      const code = randomBytes(16).toString("hex");
      grants.set(code, {
        identity: provider.nextLogin,
        clientId: options.clientId,
        redirectUri: q.get("redirect_uri") ?? "",
        nonce: q.get("nonce") ?? undefined,
        challenge: q.get("code_challenge") ?? undefined,
      });
      const back = new URL(q.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      if (q.get("state")) back.searchParams.set("state", q.get("state")!);
      back.searchParams.set("iss", issuer);
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === "/token" && req.method === "POST") {
      const body = await readBody(req);
      const basic = req.headers.authorization?.startsWith("Basic ")
        ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":").map(decodeURIComponent)
        : [body.get("client_id"), body.get("client_secret")];
      if (basic[0] !== options.clientId || basic[1] !== options.clientSecret) return json(res, 401, { error: "invalid_client" });
      const grant = grants.get(body.get("code") ?? "");
      grants.delete(body.get("code") ?? "");
      if (!grant || grant.redirectUri !== body.get("redirect_uri")) return json(res, 400, { error: "invalid_grant" });
      const verifier = body.get("code_verifier") ?? "";
      if (grant.challenge && createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) {
        return json(res, 400, { error: "invalid_grant" });
      }
      const accessToken = randomBytes(16).toString("hex");
      accessTokens.set(accessToken, grant.identity);
      const idToken = await new SignJWT({ ...grant.identity, ...(grant.nonce ? { nonce: grant.nonce } : {}) })
        .setProtectedHeader({ alg: "RS256", kid: "test-key" })
        .setIssuer(issuer)
        .setAudience(options.clientId)
        .setSubject(grant.identity.sub)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
      return json(res, 200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 300,
        id_token: idToken,
        scope: "openid email profile",
      });
    }
    if (url.pathname === "/userinfo") {
      const identity = accessTokens.get(req.headers.authorization?.replace(/^Bearer /, "") ?? "");
      return identity ? json(res, 200, identity) : json(res, 401, { error: "invalid_token" });
    }
    json(res, 404, { error: "not_found" });
  });
  const listening = await listen(server, options.port);
  return Object.assign(provider, listening);
}
