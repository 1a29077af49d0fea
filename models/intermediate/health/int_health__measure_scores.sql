{{ config(**intermediate_by_day_config('score_date')) }}
{{ config(pre_hook=without_nested_loop_joins()) }}

-- One row per account and scored day: every health measure's absolute 0-100 score, its percentile among
-- peers, and the blended score used for health. Peers are accounts of the same segment and plan on the same
-- day that have the measure; a group smaller than health_minimum_peer_group_size falls back to the segment,
-- then to all accounts. The account is then ranked among every account of that wider group. Ties share their
-- mid-rank; a group of one, or of equal values, gets the 50th percentile. Missing measures stay null and are
-- not ranked. Ranking runs on distinct score values, not on accounts: one row per measure, day, peer group and
-- value, with the number of accounts that have it. The segment and all-account levels are ranked only where
-- some group falls back to them. The four measures with close to one value per account are ranked within
-- their plan over the account rows instead (continuous_measures below).
-- Incremental: every peer group is one day's accounts, so a run ranks only the days from
-- incremental_window_start() on and replaces them whole.
-- On PostgreSQL the pre-hook turns off nested-loop joins, which the planner chose for the lookups below on a
-- one-row estimate: 538 s for the bundled sample with them, 6.6 s without.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set minimum_group = var('health_minimum_peer_group_size') %}
{%- set peer_share = var('health_peer_normalization_share') / 100.0 %}
{%- set peer_levels = {'plan': 'score_date, segment, plan', 'segment': 'score_date, segment', 'all': 'score_date'} %}
{#- Measures whose scores take close to one value per account and day. Ranking them by value saves nothing,
    and joining their value percentiles back to the accounts needs lookup tables nearly as large as the account
    rows: with all of them probed in one pipeline, 100k accounts x 365 days ran out of memory at a 4GB limit,
    because DuckDB's join hash tables in one pipeline do not see each other's memory when they spill. Within
    their plan, these measures are ranked over the account rows with window functions instead. #}
{%- set continuous_measures = ['license_utilization', 'usage_trend', 'first_response_time', 'resolution_time'] %}
{%- set measures = [] %}
{%- for component, component_measures in health_measures().items() %}
    {%- for measure in component_measures %}{% do measures.append(measure) %}{% endfor %}
{%- endfor %}
{%- set continuous_numbers = [] %}
{%- for measure in continuous_measures %}{% do continuous_numbers.append(measures.index(measure) + 1) %}{% endfor %}

with

account_measures as (
    select * from {{ ref('int_health__account_measures') }}
    where {{ in_recomputed_days('score_date') }}
),

value_counts as (
    -- One row per measure (numbered in the order of health_measures()), day, segment, plan and score value,
    -- with the number of accounts that have that value. Most measures take few distinct values a day, so
    -- this table has far fewer rows than one per account, day and measure. Only continuous measures come close.
    -- Scores are compared in millionths of a point (rank_key). The floating-point rolling sums behind them
    -- can differ in the last bit when the engine adds a window in another order, as DuckDB does when a
    -- partition grows. An exact comparison would then break ties between equal scores differently from run
    -- to run.
    {%- for measure in measures %}
    select
        {{ loop.index }} as measure_number,
        score_date,
        segment,
        plan,
        round({{ measure }}_score * 1000000) as rank_key,
        count(*) as value_accounts
    from account_measures
    where {{ measure }}_score is not null
    group by score_date, segment, plan, round({{ measure }}_score * 1000000)
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

group_levels as (
    -- The level each measure's (day, segment, plan) group is ranked at: its plan when it has enough peers
    -- with the measure, else its segment when that has enough, else all accounts of the day.
    select
        measure_number,
        score_date,
        segment,
        plan,
        case
            when sum(value_accounts) >= {{ minimum_group }} then 'plan'
            when sum(sum(value_accounts)) over (partition by measure_number, score_date, segment) >= {{ minimum_group }}
                then 'segment'
            else 'all'
        end as rank_level
    from value_counts
    group by measure_number, score_date, segment, plan
),
{%- for level, partition in peer_levels.items() %}
{%- set partition_columns = partition.split(', ') %}
{%- if level != 'plan' %}

{{ level }}_partitions as (
    select distinct
        measure_number,
        {{ partition }}
    from group_levels
    where rank_level = '{{ level }}'
),
{%- endif %}

{{ level }}_values as (
    -- Each value of a {{ level }}-level partition and how many of its accounts have it.
    {%- if level != 'plan' %}
    -- Only partitions containing a group ranked at this level are ranked. Most groups are large enough to be
    -- ranked within their plan, so at scale this skips most of the work.
    {%- endif %}
    select
        value_counts.measure_number,
        {%- for column in partition_columns %}
        value_counts.{{ column }},
        {%- endfor %}
        value_counts.rank_key,
        {%- if level == 'plan' %}
        value_counts.value_accounts
    from value_counts
    -- The continuous measures are ranked within their plan in account_ranks.
    where value_counts.measure_number not in ({{ continuous_numbers | join(', ') }})
        {%- else %}
        cast(sum(value_counts.value_accounts) as {{ dbt.type_bigint() }}) as value_accounts
    from value_counts
    inner join {{ level }}_partitions
        on
            value_counts.measure_number = {{ level }}_partitions.measure_number
            {%- for column in partition_columns %}
            and value_counts.{{ column }} = {{ level }}_partitions.{{ column }}
            {%- endfor %}
    group by
        value_counts.measure_number,
        value_counts.{{ partition_columns | join(', value_counts.') }},
        value_counts.rank_key
        {%- endif %}
),

{{ level }}_ranks as (
    -- Among the accounts of the partition that have the measure: peers counts them all, and at_or_below
    -- those at or below the value.
    select
        measure_number,
        {{ partition }},
        rank_key,
        value_accounts,
        cast(sum(value_accounts) over (partition by measure_number, {{ partition }}) as {{ dbt.type_bigint() }})
            as peers,
        cast(sum(value_accounts) over (
            partition by measure_number, {{ partition }}
            order by rank_key
            rows between unbounded preceding and current row
        ) as {{ dbt.type_bigint() }}) as at_or_below
    from {{ level }}_values
),
{%- endfor %}

value_percentiles as {{ materialized_cte() }} (
    -- Mid-rank percentile of each value in its group's level: the mean of the lowest and highest 0-based
    -- position of the value among its peers (at_or_below - value_accounts and at_or_below - 1), divided by
    -- (peers - 1). Computed as a double: PostgreSQL would make a numeric of the division. A group of one
    -- gets the 50th percentile.
    {%- for level, partition in peer_levels.items() %}
    {%- set partition_columns = partition.split(', ') %}
    select
        value_counts.measure_number,
        value_counts.score_date,
        value_counts.segment,
        value_counts.plan,
        value_counts.rank_key,
        case
            when {{ level }}_ranks.peers = 1 then 0.5
            else cast(2 * {{ level }}_ranks.at_or_below - {{ level }}_ranks.value_accounts - 1 as {{ type_double() }})
                / 2 / ({{ level }}_ranks.peers - 1)
        end as percentile
    from value_counts
    inner join group_levels
        on
            value_counts.measure_number = group_levels.measure_number
            and value_counts.score_date = group_levels.score_date
            and value_counts.segment = group_levels.segment
            and value_counts.plan = group_levels.plan
    inner join {{ level }}_ranks
        on
            value_counts.measure_number = {{ level }}_ranks.measure_number
            {%- for column in partition_columns %}
            and value_counts.{{ column }} = {{ level }}_ranks.{{ column }}
            {%- endfor %}
            and value_counts.rank_key = {{ level }}_ranks.rank_key
    where group_levels.rank_level = '{{ level }}'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

plan_peer_counts as (
    select
        score_date,
        segment,
        plan,
        {%- for measure in measures %}
        count({{ measure }}_score) as {{ measure }}_plan_peers
        {{- ',' if not loop.last }}
        {%- endfor %}
    from account_measures
    group by score_date, segment, plan
),

peer_groups as (
    -- The peer group of every account, day and measure, also where the account has no score for it: the
    -- group is chosen by how many peers have the measure, not by the account's own value.
    select
        score_date,
        segment,
        plan,
        {%- for measure in measures %}
        case
            when {{ measure }}_plan_peers >= {{ minimum_group }} then {{ dbt.concat(['segment', "'/'", 'plan']) }}
            when sum({{ measure }}_plan_peers) over (partition by score_date, segment) >= {{ minimum_group }}
                then segment
            else 'all'
        end as {{ measure }}_peer_group
        {{- ',' if not loop.last }}
        {%- endfor %}
    from plan_peer_counts
),

account_ranks as (
    -- The plan-level percentile of each continuous measure, over the account rows: the same mid-rank as for
    -- values, with rank() - 1 accounts below the score and at_or_below counting the ties. Nulls form a
    -- partition of their own, so they neither count nor rank.
    select
        *,
        {%- for measure in continuous_measures %}
        count({{ measure }}_score) over (partition by score_date, segment, plan) as {{ measure }}_plan_peers,
        rank() over (
            partition by score_date, segment, plan, {{ measure }}_score is null
            order by round({{ measure }}_score * 1000000)
        ) as {{ measure }}_plan_rank,
        count({{ measure }}_score) over (
            partition by score_date, segment, plan, {{ measure }}_score is null
            order by round({{ measure }}_score * 1000000)
            range between unbounded preceding and current row
        ) as {{ measure }}_plan_at_or_below
        {{- ',' if not loop.last }}
        {%- endfor %}
    from account_measures
),

account_percentiles as (
    select
        account_id,
        score_date,
        segment,
        plan,
        {%- for measure in measures %}
        {%- if measure in continuous_measures %}
        {{ measure }}_score,
        case
            when {{ measure }}_score is null then null
            when {{ measure }}_plan_peers = 1 then 0.5
            else cast({{ measure }}_plan_at_or_below + {{ measure }}_plan_rank - 2 as {{ type_double() }})
                / 2 / ({{ measure }}_plan_peers - 1)
        end as {{ measure }}_plan_percentile
        {%- else %}
        {{ measure }}_score
        {%- endif %}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from account_ranks
)

select
    account_percentiles.account_id,
    account_percentiles.score_date,
    account_percentiles.segment,
    account_percentiles.plan,
    {%- for measure in measures %}
    {%- if measure in continuous_measures %}
    {#- value_percentiles holds a continuous measure only for groups ranked at the segment or all-account level,
        so a match means the group falls back and no match means it is ranked within its plan. #}
    {%- set percentile = 'coalesce(' ~ measure ~ '_values.percentile, account_percentiles.' ~ measure
        ~ '_plan_percentile)' %}
    {%- else %}
    {%- set percentile = measure ~ '_values.percentile' %}
    {%- endif %}
    account_percentiles.{{ measure }}_score,
    peer_groups.{{ measure }}_peer_group,
    {{ percentile }} as {{ measure }}_percentile,
    {{ 1 - peer_share }} * account_percentiles.{{ measure }}_score
    + {{ peer_share }} * 100 * {{ percentile }} as {{ measure }}_normalized_score
    {{- ',' if not loop.last }}
    {%- endfor %}
from account_percentiles
inner join peer_groups
    on
        account_percentiles.score_date = peer_groups.score_date
        and account_percentiles.segment = peer_groups.segment
        and account_percentiles.plan = peer_groups.plan
-- One join per measure. A measure without a score matches no value, so its percentile stays null. The lookup
-- tables are small, because the measures with close to one value per account appear only where a group
-- falls back.
{%- for measure in measures %}
left join value_percentiles as {{ measure }}_values
    on
        {{ measure }}_values.measure_number = {{ loop.index }}
        and account_percentiles.score_date = {{ measure }}_values.score_date
        and account_percentiles.segment = {{ measure }}_values.segment
        and account_percentiles.plan = {{ measure }}_values.plan
        and round(account_percentiles.{{ measure }}_score * 1000000) = {{ measure }}_values.rank_key
{%- endfor %}
