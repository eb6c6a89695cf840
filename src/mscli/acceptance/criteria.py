"""The catalogue's acceptance criteria (附件2) by id, with their linked indicators and the units
each stage of the verification chain belongs to (附件1's 牵头、初核、认定 columns)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mscli.acceptance.records import Stage
from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Criterion, Level, Project, StandardSection, Unit


@dataclass(frozen=True)
class CriterionRef:
    """One criterion with its project and its group (topic and linked indicators)."""

    project: Project
    section: StandardSection
    criterion: Criterion

    @property
    def id(self) -> str:
        return self.criterion.id

    def rows(self) -> tuple[Row, ...]:
        """The rows the criterion's group names; none when the group names no indicator."""
        linked = set(self.section.indicators)
        return tuple(Row(self.project, i) for i in self.project.indicators if i.id in linked)

    def stage_refs(self, stage: Stage) -> tuple[str, ...]:
        """The units (as written in indicators.yaml) who may record `stage`, without repeats."""
        rows = self.rows()
        found: list[str] = []
        for row in rows or (None,):
            indicator = row.indicator if row else None
            if stage is Stage.self_check:  # the project's lead, and a row's own lead
                refs = (*self.project.lead, *(indicator.lead if indicator else ()))
            elif stage is Stage.verification:
                own = indicator.verifiers if indicator else None
                refs = self.project.verifiers if own is None else own
            else:
                own = indicator.certifiers if indicator else None
                refs = self.project.certifiers if own is None else own
            found += [ref for ref in refs if ref not in found]
        return tuple(found)

    def self_check_unit(self, catalogue: Catalogue) -> str:
        """Who checks the criterion first: the lead unit of its indicators (村级寄递物流 →
        市邮政管理局), the project's lead when they have none of their own or no indicator."""
        for row in self.rows():
            leads = catalogue.lead_units(row)
            if leads:
                return leads[0].name
        units = self.stage_units(catalogue, Stage.self_check)
        return units[0].name if units else self.stage_refs(Stage.self_check)[0]

    def stage_units(self, catalogue: Catalogue, stage: Stage) -> tuple[Unit, ...]:
        """The resolved units of `stage_refs` (one that resolves to nothing is left out)."""
        units: list[Unit] = []
        for ref in self.stage_refs(stage):
            unit = catalogue.index.resolve(ref, stage.level)
            if unit is not None and unit not in units:
                units.append(unit)
        return tuple(units)

    def chain(self) -> tuple[Stage, ...]:
        """The stages this criterion goes through: 认定 only where 附件1 names a 认定单位."""
        if self.stage_refs(Stage.certification):
            return tuple(Stage)
        return (Stage.self_check, Stage.verification)


def criteria_of(project: Project) -> Iterator[CriterionRef]:
    for section in project.standards:
        for criterion in section.items:
            yield CriterionRef(project, section, criterion)


def criteria_index(catalogue: Catalogue) -> dict[str, CriterionRef]:
    """Every criterion of the catalogue by id (ids are unique: checks/unique_ids.py)."""
    return {ref.id: ref for p in catalogue.projects for ref in criteria_of(p)}


def project_leads(catalogue: Catalogue, project: Project) -> tuple[Unit, ...]:
    found = (catalogue.index.resolve(ref, Level.county) for ref in project.lead)
    return tuple(unit for unit in found if unit is not None)
