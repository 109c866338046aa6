FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=crowddo.settings
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN DEBUG=true python manage.py collectstatic --noinput
RUN useradd --system crowddo && mkdir -p /app/media && chown crowddo /app/media
USER crowddo
EXPOSE 8000
CMD ["gunicorn", "crowddo.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--limit-request-field_size", "16384", "--access-logfile", "-"]
