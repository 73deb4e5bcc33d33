from django.db import models


class Choice(models.Model):
    text = models.CharField(max_length=200)
    votes = models.IntegerField(default=0)
