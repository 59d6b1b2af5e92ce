# syntax=docker/dockerfile:1
# fivekeys: `docker build -t fivekeys .` then
#   docker run -p 8080:8080 -v fivekeys-data:/data fivekeys                      (embedded PGlite)
#   docker run -p 8080:8080 -e DATABASE_URL=postgres://… fivekeys                (PostgreSQL)

# Build: the bundlers (esbuild for the server, Vite for the dashboard) are devDependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime dependencies only; none of them has an install script or a native addon.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && mkdir /data

# No shell, no package manager; uid 65532 is distroless' nonroot (numeric, so Kubernetes'
# runAsNonRoot can check it).
FROM gcr.io/distroless/nodejs24-debian12:nonroot
WORKDIR /app
ENV NODE_ENV=production FIVEKEYS_DATA_DIR=/data FIVEKEYS_PORT=8080
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps --chown=65532:65532 /data /data
COPY --from=build /app/package.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/src/store/migrations ./src/store/migrations
USER 65532:65532
EXPOSE 8080
# The embedded database lives here; with DATABASE_URL nothing is written.
VOLUME /data
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
  CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:'+(process.env.FIVEKEYS_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The image's entrypoint is node; CMD is the script and its arguments.
CMD ["dist/cli/main.js", "serve"]
