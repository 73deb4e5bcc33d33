from django.db import models


class Entry(models.Model):
    key = models.CharField(max_length=40, unique=True)
