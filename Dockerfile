# syntax=docker/dockerfile:1
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped, exactly as in development and CI here (npm 11 runs none without approval): the only
# ones in the tree are botbuilder-dialogs' (which calls `npx rimraf`, see PITFALLS.md), msgpackr-extract's optional
# native speed-up and esbuild's check, and the app needs none of them.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prompts ./prompts
COPY adapters/sandbox/public ./dist/adapters/sandbox/public
RUN useradd --system --uid 10001 roundtable && mkdir -p /app/data && chown roundtable /app/data
USER roundtable
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# node directly, not npm: npm does not pass SIGTERM on, and graceful shutdown would never run.
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]
