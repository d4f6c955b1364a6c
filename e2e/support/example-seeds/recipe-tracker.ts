import { defineSeed, findRow, idsBy } from './define.ts';
import { calendarFact, otherDay, relationLabels } from './facts.ts';

/**
 * A family cookbook: 8 recipes from the family, cookbooks and the web (each with what its origin
 * asks for), 8 ingredients of three of them, and 6 meals cooked this month, none in the future.
 * A five-star meal of Shakshuka makes it a favourite through the automation.
 */
export const recipeTrackerSeed = defineSeed(
  'recipe-tracker',
  async (client, month) => {
    const recipe = (
      title: string,
      cuisine: string,
      course: string,
      tags: string[],
      servings: number,
      prep_time: number,
      cook_time: number,
      origin: Record<string, string>,
      summary: string,
      instructions: string,
      rating?: number,
    ) => ({
      title,
      cuisine,
      course,
      tags,
      servings,
      prep_time,
      cook_time,
      ...origin,
      summary,
      instructions,
      ...(rating !== undefined ? { rating } : {}),
    });
    const family = { origin: 'family' };
    const recipes = idsBy(
      await client.insert(
        'recipes',
        [
          {
            ...recipe(
              'Spaghetti alla puttanesca',
              'italian',
              'main',
              ['quick'],
              4,
              600,
              1200,
              family,
              "Nonna's store-cupboard pasta: anchovies, olives, capers and a lot of garlic.",
              'Soften garlic and anchovies in olive oil. Add tomatoes, olives and capers; simmer 10 minutes. Toss with the spaghetti and a splash of pasta water.',
              5,
            ),
            favorite: true,
          },
          recipe(
            'Chana masala',
            'indian',
            'main',
            ['vegetarian', 'vegan', 'batch_cooking', 'freezer_friendly'],
            6,
            900,
            2400,
            { origin: 'cookbook', cookbook_name: 'Madhur Jaffrey, Curry Easy, p. 112' },
            'Chickpeas in a tangy tomato and onion masala; better the next day.',
            'Fry onion until deep brown. Add ginger, garlic and spices, then tomatoes. Add chickpeas and simmer 30 minutes; finish with lemon and coriander.',
            4,
          ),
          recipe(
            'Miso-glazed salmon',
            'japanese',
            'main',
            ['quick'],
            2,
            600,
            900,
            { origin: 'web', source_url: 'https://www.bbcgoodfood.com/recipes/miso-salmon' },
            'Sweet-salty glaze, ten minutes under the grill.',
            'Mix miso, mirin and honey. Brush over the salmon and grill for 8–10 minutes. Serve with rice and greens.',
            4,
          ),
          recipe(
            'Shakshuka',
            'middle_eastern',
            'breakfast',
            ['vegetarian', 'gluten_free'],
            3,
            600,
            1500,
            family,
            'Eggs poached in a spiced pepper and tomato sauce.',
            'Cook peppers and onion with cumin and paprika. Add tomatoes and simmer. Make wells, crack in the eggs, cover until just set.',
            4,
          ),
          recipe(
            'Tarte tatin',
            'french',
            'dessert',
            [],
            8,
            1800,
            2700,
            { origin: 'cookbook', cookbook_name: 'Raymond Blanc, Kitchen Secrets, p. 240' },
            'Caramelised apples under a puff-pastry lid, turned out warm.',
            'Make a dark caramel in the pan, pack in the apple halves, cover with pastry and bake 40 minutes. Rest 5 minutes, then turn out.',
            3,
          ),
          recipe(
            'Chicken tinga tacos',
            'mexican',
            'main',
            ['kid_friendly', 'freezer_friendly'],
            4,
            900,
            2100,
            { origin: 'web', source_url: 'https://www.seriouseats.com/chicken-tinga' },
            'Shredded chicken in a smoky chipotle and tomato sauce.',
            'Poach the chicken, shred it. Blend tomatoes, chipotle and onion; fry the sauce, add the chicken and simmer. Serve in warm tortillas.',
          ),
          recipe(
            'Limonana (frozen mint lemonade)',
            'middle_eastern',
            'drink',
            ['quick', 'vegan'],
            6,
            600,
            0,
            family,
            'The summer jug: lemons, mint and a little sugar, blitzed with ice.',
            'Blitz lemon juice, sugar and mint with a cup of water; strain, then blend again with plenty of ice.',
          ),
          recipe(
            'Rosemary focaccia',
            'italian',
            'side',
            ['vegan', 'batch_cooking'],
            12,
            1800,
            1500,
            { origin: 'web', source_url: 'https://www.kingarthurbaking.com/recipes/focaccia-recipe' },
            'Dimpled, olive-oily, crisp at the edges.',
            'Mix a wet dough and let it rise overnight in the fridge. Stretch into an oiled tin, dimple, top with rosemary and salt, bake 25 minutes.',
            5,
          ),
        ],
        (row) => String(row.title),
      ),
      'title',
    );
    const ingredient = (
      title: string,
      name: string,
      quantity: number,
      unit: string,
      cost: number,
      more = {},
    ) => ({
      recipe: recipes[title],
      name,
      quantity,
      unit,
      cost,
      ...more,
    });
    await client.insert(
      'ingredients',
      [
        ingredient('Spaghetti alla puttanesca', 'Spaghetti', 400, 'g', 1.2),
        ingredient('Spaghetti alla puttanesca', 'Anchovy fillets', 6, 'piece', 2.1, {
          preparation: 'finely chopped',
        }),
        ingredient('Spaghetti alla puttanesca', 'Kalamata olives', 100, 'g', 1.8, {
          preparation: 'pitted and halved',
        }),
        ingredient('Spaghetti alla puttanesca', 'Capers', 2, 'tbsp', 0.6, { optional: true }),
        ingredient('Chana masala', 'Chickpeas', 800, 'g', 1.6, { preparation: 'drained' }),
        ingredient('Chana masala', 'Garam masala', 2, 'tsp', 0.3),
        ingredient('Shakshuka', 'Eggs', 6, 'piece', 1.9),
        ingredient('Shakshuka', 'Chopped tomatoes', 800, 'g', 1.4),
      ],
      (row) => `${row.recipe} ${row.name}`,
    );
    const cooked = (occasion: string, title: string, cooked_on: string, rating: number, notes?: string) => ({
      occasion,
      recipe: recipes[title],
      cooked_on,
      rating,
      ...(notes ? { notes } : {}),
    });
    await client.insert(
      'cook_log',
      [
        cooked('Friday night in', 'Spaghetti alla puttanesca', month.ago(9), 5),
        cooked('Batch cook for the week', 'Chana masala', month.ago(6), 4, 'Double the ginger next time.'),
        cooked('Sunday brunch with the neighbours', 'Shakshuka', month.ago(4), 5, 'Feta on top was a hit.'),
        cooked('Quick dinner after football', 'Miso-glazed salmon', month.ago(2), 4),
        cooked(
          "Kids' birthday tea",
          'Chicken tinga tacos',
          month.ago(1),
          3,
          'Less chipotle for the little ones.',
        ),
        cooked('Weeknight dinner', 'Spaghetti alla puttanesca', month.today, 4),
      ],
      (row) => String(row.occasion),
    );
  },
  (rows, app, month, today) => {
    const football = findRow(rows, 'cook_log', 'occasion', 'Quick dinner after football');
    const moveTo = otherDay(month, String(football.cooked_on), true);
    const chana = findRow(rows, 'recipes', 'title', 'Chana masala').id;
    const tatin = findRow(rows, 'recipes', 'title', 'Tarte tatin').id;
    const recipeInput = {
      title: 'Lemon drizzle cake',
      summary: 'The one for bake sales.',
      cuisine: 'other',
      course: 'dessert',
      tags: ['kid_friendly'],
      servings: 10,
      prep_time: 1200,
      cook_time: 2700,
      instructions:
        'Cream butter and sugar, beat in eggs, fold in flour and zest. Bake 45 minutes; pour the lemon syrup over while warm.',
      origin: 'family',
    };
    const ingredientInput = {
      recipe: chana,
      name: 'Fresh coriander',
      quantity: 15,
      unit: 'g',
      preparation: 'chopped',
      cost: 0.8,
    };
    const cookedInput = {
      recipe: tatin,
      cooked_on: month.today,
      occasion: 'Dinner party',
      rating: 4,
      notes: 'Caramel needed two more minutes.',
    };
    // Tomorrow may be in the next month: the rule is about the future, not the month.
    const tomorrow = new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
    const labelled = (tableId: string, values: Record<string, unknown>) => ({
      values,
      labels: relationLabels(app, rows, tableId, values),
    });
    return {
      kanbans: [],
      calendars: [
        calendarFact(app, rows, month, 'cooking_calendar', football.id, moveTo ? { start: moveTo } : null),
      ],
      forms: [
        {
          viewId: 'recipe_form',
          tableId: 'recipes',
          role: 'editor',
          valid: labelled('recipes', recipeInput),
          invalid: {
            ...labelled('recipes', { ...recipeInput, origin: 'web' }),
            message: 'Recipes from a website need the link to the original page.',
          },
        },
        {
          viewId: 'ingredient_form',
          tableId: 'ingredients',
          role: 'editor',
          valid: labelled('ingredients', ingredientInput),
          invalid: {
            ...labelled('ingredients', { recipe: chana, name: 'Olive oil', unit: 'tbsp' }),
            message: 'Give a quantity when you choose a unit.',
          },
        },
        {
          viewId: 'log_cooking',
          tableId: 'cook_log',
          role: 'editor',
          valid: labelled('cook_log', cookedInput),
          invalid: {
            ...labelled('cook_log', { ...cookedInput, cooked_on: tomorrow }),
            message: 'You can only log a dish you have already cooked.',
          },
        },
      ],
      signIn: null,
    };
  },
);
