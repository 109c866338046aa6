"""Roll-up tables. Written only by the roll-up tasks; dashboards and the API read them."""

from django.db import models

from initiatives.models import Initiative


class InitiativeProgress(models.Model):
    """Running totals of one initiative, recomputed from raw rows by `rollup_initiative`."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="progress")
    contributions = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    micro_improvements = models.PositiveBigIntegerField(default=0)
    active_claims = models.PositiveIntegerField(default=0)
    completed_claims = models.PositiveIntegerField(default=0)
    verified_claims = models.PositiveIntegerField(default=0)
    volunteers = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "initiative progress"

    def __str__(self):
        return f"Progress of {self.initiative}"

    @property
    def percent(self) -> int:
        target = self.initiative.goal_target
        return min(100, int(self.micro_improvements * 100 / target)) if target else 0
