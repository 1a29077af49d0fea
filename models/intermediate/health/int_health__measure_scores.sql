-- One row per account and scored day: every health measure's absolute 0-100 score, its percentile among
-- peers, and the blended score used for health. Peers are accounts of the same segment and plan on the same
-- day that have the measure; a group smaller than health_minimum_peer_group_size falls back to the segment,
-- then to all accounts. The account is then ranked among every account of that wider group. Ties share their
-- mid-rank; a group of one, or of equal values, gets the 50th percentile. Missing measures stay null and are
-- not ranked. Ranking runs on one row per account, day and measure, and the segment and all-account levels
-- are ranked only where some group falls back to them.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set minimum_group = var('health_minimum_peer_group_size') %}
{%- set peer_share = var('health_peer_normalization_share') / 100.0 %}
{%- set peer_levels = {'plan': 'score_date, segment, plan', 'segment': 'score_date, segment', 'all': 'score_date'} %}
{%- set measures = [] %}
{%- for component, component_measures in health_measures().items() %}
    {%- for measure in component_measures %}{% do measures.append(measure) %}{% endfor %}
{%- endfor %}

with

account_measures as (
    select * from {{ ref('int_health__account_measures') }}
),

measure_values as (
    -- One row per account, day and measure with a score. Ranking this long form needs one window sort per
    -- peer level, where the wide rows needed one per level and measure.
    -- Scores are compared in millionths of a point (rank_key). The floating-point rolling sums behind them
    -- can differ in the last bit when the engine adds a window in another order, as DuckDB does when a
    -- partition grows. An exact comparison would then break ties between equal scores differently from run
    -- to run.
    {%- for measure in measures %}
    select
        account_id,
        score_date,
        segment,
        plan,
        '{{ measure }}' as measure_name,
        round({{ measure }}_score * 1000000) as rank_key
    from account_measures
    where {{ measure }}_score is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

group_levels as (
    -- The level each measure's (day, segment, plan) group is ranked at: its plan when it has enough peers
    -- with the measure, else its segment when that has enough, else all accounts of the day.
    select
        measure_name,
        score_date,
        segment,
        plan,
        case
            when count(*) >= {{ minimum_group }} then 'plan'
            when sum(count(*)) over (partition by measure_name, score_date, segment) >= {{ minimum_group }}
                then 'segment'
            else 'all'
        end as rank_level
    from measure_values
    group by measure_name, score_date, segment, plan
),
{%- for level, partition in peer_levels.items() %}
{%- set partition_columns = partition.split(', ') %}
{%- if level != 'plan' %}

{{ level }}_partitions as (
    select distinct
        measure_name,
        {{ partition }}
    from group_levels
    where rank_level = '{{ level }}'
),
{%- endif %}

{{ level }}_ranks as (
    -- Ranks among every account of the {{ level }} level that has the measure. peers counts them, rank is 1 +
    -- those scoring lower, and at_or_below counts those scoring lower or equal. The three windows share one
    -- partition and order, so the engine sorts once.
    {%- if level != 'plan' %}
    -- Only partitions containing a group ranked at this level are ranked. Most groups are large enough to be
    -- ranked within their plan, so at scale this skips most of the sorting.
    {%- endif %}
    select
        measure_values.account_id,
        measure_values.score_date,
        measure_values.segment,
        measure_values.plan,
        measure_values.measure_name,
        count(*) over (
            partition by measure_values.measure_name, measure_values.{{ partition_columns | join(', measure_values.') }}
            order by measure_values.rank_key
            range between unbounded preceding and unbounded following
        ) as peers,
        rank() over (
            partition by measure_values.measure_name, measure_values.{{ partition_columns | join(', measure_values.') }}
            order by measure_values.rank_key
        ) as peer_rank,
        count(*) over (
            partition by measure_values.measure_name, measure_values.{{ partition_columns | join(', measure_values.') }}
            order by measure_values.rank_key
            range between unbounded preceding and current row
        ) as at_or_below
    from measure_values
    {%- if level != 'plan' %}
    inner join {{ level }}_partitions
        on
            measure_values.measure_name = {{ level }}_partitions.measure_name
            {%- for column in partition_columns %}
            and measure_values.{{ column }} = {{ level }}_partitions.{{ column }}
            {%- endfor %}
    {%- endif %}
),
{%- endfor %}

measure_percentiles as (
    -- Mid-rank percentile at the group's level: the mean of the lowest and highest 0-based position of the
    -- account's value among its peers, divided by (peers - 1). Computed as a double: PostgreSQL would
    -- make a numeric of the division. A group of one gets the 50th percentile.
    {%- for level in peer_levels %}
    select
        {{ level }}_ranks.account_id,
        {{ level }}_ranks.score_date,
        {{ level }}_ranks.measure_name,
        case
            when {{ level }}_ranks.peers = 1 then 0.5
            else cast({{ level }}_ranks.peer_rank - 1 + {{ level }}_ranks.at_or_below - 1 as {{ type_double() }})
                / 2 / ({{ level }}_ranks.peers - 1)
        end as percentile
    from {{ level }}_ranks
    inner join group_levels
        on
            {{ level }}_ranks.measure_name = group_levels.measure_name
            and {{ level }}_ranks.score_date = group_levels.score_date
            and {{ level }}_ranks.segment = group_levels.segment
            and {{ level }}_ranks.plan = group_levels.plan
    where group_levels.rank_level = '{{ level }}'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

account_percentiles as (
    -- Back to one row per account and day; a measure without a score has no row above and stays null.
    select
        account_id,
        score_date,
        {%- for measure in measures %}
        max(case when measure_name = '{{ measure }}' then percentile end) as {{ measure }}_percentile
        {{- ',' if not loop.last }}
        {%- endfor %}
    from measure_percentiles
    group by account_id, score_date
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
)

select
    account_measures.account_id,
    account_measures.score_date,
    account_measures.segment,
    account_measures.plan,
    {%- for measure in measures %}
    account_measures.{{ measure }}_score,
    peer_groups.{{ measure }}_peer_group,
    account_percentiles.{{ measure }}_percentile,
    {{ 1 - peer_share }} * account_measures.{{ measure }}_score
    + {{ peer_share }} * 100 * account_percentiles.{{ measure }}_percentile as {{ measure }}_normalized_score
    {{- ',' if not loop.last }}
    {%- endfor %}
from account_measures
inner join peer_groups
    on
        account_measures.score_date = peer_groups.score_date
        and account_measures.segment = peer_groups.segment
        and account_measures.plan = peer_groups.plan
left join account_percentiles
    on
        account_measures.account_id = account_percentiles.account_id
        and account_measures.score_date = account_percentiles.score_date
