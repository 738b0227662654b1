# Tollgate's production image: built once, migrated once per release, N copies
# started. Every command below is one tests/production runs (npm ci, npm run
# build, npm run migrate, npm start); README "Operating Tollgate" has the steps.
#
#   docker build -t tollgate .
#   docker run --rm -e DATABASE_URL=postgresql://… tollgate npm run migrate
#   docker run -d -p 3000:3000 -e DATABASE_URL=postgresql://… -e AUTH_SECRET=… \
#     -e AUTH_URL=https://tollgate.example.com -e TRUST_PROXY=1 -e MIGRATE_ON_START=false tollgate

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json ./
COPY scripts ./scripts
COPY lib/db/config.ts ./lib/db/config.ts
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOST=0.0.0.0 LOG_FORMAT=json
# The build and its fingerprint (content hashes), so npm start reuses it rather than rebuilding.
COPY --from=build --chown=node:node /app /app
# SQLite's data directory, if DATABASE_URL is left at its default (one container per volume).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "start"]
