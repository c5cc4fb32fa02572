# One image for the web and the worker.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=ccsmm.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-color-emoji curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock \
 && pip install --no-cache-dir --no-deps -e .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN python scripts/build_assets.py \
 && python scripts/compile_messages.py \
 && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput \
 && rm -rf node_modules
RUN useradd --create-home ccsmm && mkdir -p /var/lib/ccsmm/media && chown ccsmm /var/lib/ccsmm/media
USER ccsmm
EXPOSE 8000
CMD ["gunicorn", "ccsmm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
